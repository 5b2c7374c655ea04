import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { Deployment } from '../../../lib/api/types';
import { checkFields, problemAt, type Problems } from '../../../lib/forms';
import { useApplications, useCloneDeployment, useDeleteDeployment } from '../api/deployment';

/** Admins only: copy the deployment into a new one, or delete it. */
export function AdminActions({ deployment: d }: { deployment: Deployment }) {
  const [, navigate] = useLocation();
  const remove = useDeleteDeployment(d.id);
  return (
    <section aria-labelledby="admin-actions-h">
      <h2 id="admin-actions-h">Clone or delete (admins)</h2>
      <CloneForm deployment={d} onCloned={(id) => navigate(`/deployments/${id}/edit`)} />
      <p>
        <button
          type="button"
          onClick={() =>
            window.confirm(`Delete ${d.application}/${d.name} with its settings, flags, stages and grants?`) &&
            remove.mutate(undefined, { onSuccess: () => navigate('/') })
          }
        >
          Delete {d.application}/{d.name}
        </button>
      </p>
      <ErrorMessage error={remove.error} />
    </section>
  );
}

function CloneForm({ deployment: d, onCloned }: { deployment: Deployment; onCloned(id: number): void }) {
  const [name, setName] = useState('');
  const [applicationId, setApplicationId] = useState(d.application_id);
  const [problems, setProblems] = useState<Problems>({});
  const applications = useApplications();
  const clone = useCloneDeployment(d.id);
  const appId = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('CloneInput', { name });
    setProblems(found);
    if (Object.keys(found).length === 0) {
      clone.mutate({ name, application_id: applicationId }, { onSuccess: (copy) => onCloned(copy.id) });
    }
  }
  return (
    <form onSubmit={submit} aria-label="Clone" className="panel">
      <h3>Clone into a new deployment</h3>
      <Field label="Name of the copy" value={name} onChange={(e) => setName(e.target.value)} problem={problemAt(problems, clone.error, 'name')} />
      <div className="field">
        <label htmlFor={appId}>Application of the copy</label>
        <select id={appId} value={applicationId} onChange={(e) => setApplicationId(Number(e.target.value))}>
          {(applications.data ?? [{ id: d.application_id, name: d.application }]).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <FormError error={clone.error ?? applications.error} fields={['name']} />
      <button type="submit" disabled={clone.isPending}>
        Clone
      </button>
    </form>
  );
}
