import { useEffect, useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { Application, Category } from '../../../lib/api/types';
import { checkFields, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddDeployment } from '../api/catalog';

/** Creates a deployment and opens its edit page, where its stages, settings and grants are added. */
export function NewDeploymentForm({ applications, categories }: { applications: Application[]; categories: Category[] }) {
  const [draft, setDraft] = useState({ applicationId: '', name: '', description: '' });
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddDeployment();
  const [, navigate] = useLocation();
  const appId = useId();
  const [created, setCreated] = useState<number | null>(null);
  useUnsavedChanges(draft.name !== '' || draft.description !== '');
  // Navigates in an effect, once the cleared form has been committed, so leaving does not ask about it.
  useEffect(() => {
    if (created !== null) navigate(`/deployments/${created}/edit`);
  }, [created, navigate]);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('NewDeployment', { name: draft.name, description: draft.description });
    if (!draft.applicationId) found.application_id = 'choose an application';
    setProblems(found);
    if (!isEmpty(found)) return;
    const body = { application_id: Number(draft.applicationId), name: draft.name, description: draft.description };
    add.mutate(body, {
      onSuccess: (deployment) => {
        setDraft({ applicationId: '', name: '', description: '' });
        setCreated(deployment.id);
      },
    });
  }
  const category = (a: Application) => categories.find((c) => c.id === a.category_id)?.name ?? '?';
  const at = (field: string) => problemAt(problems, add.error, field);
  return (
    <form onSubmit={submit} aria-label="New deployment" className="panel">
      <h3>New deployment</h3>
      <div className="field">
        <label htmlFor={appId}>Application</label>
        <select
          id={appId}
          value={draft.applicationId}
          onChange={(e) => setDraft({ ...draft, applicationId: e.target.value })}
          aria-invalid={at('application_id') ? true : undefined}
        >
          <option value="">Choose…</option>
          {applications.map((a) => (
            <option key={a.id} value={a.id}>
              {category(a)} › {a.name}
            </option>
          ))}
        </select>
        {at('application_id') && (
          <span role="alert" className="error">
            Application: {at('application_id')}
          </span>
        )}
      </div>
      <Field label="Deployment name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} problem={at('name')} />
      <Field
        label="Deployment description"
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        problem={at('description')}
      />
      <FormError error={add.error} fields={['application_id', 'name', 'description']} />
      <button type="submit" disabled={add.isPending}>
        Create deployment
      </button>
    </form>
  );
}
