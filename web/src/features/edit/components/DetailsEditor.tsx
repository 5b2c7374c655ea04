import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { checkFields, checkNumber, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import type { Deployment } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { usePatchDeployment } from '../api/deployment';

const FIELDS = ['name', 'description', 'log_retention_days', 'deprecated'] as const;

export function DetailsEditor({ deployment: d }: { deployment: Deployment }) {
  const initial = detailsOf(d);
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const patch = usePatchDeployment(d.id);
  const deprecatedId = useId();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedChanges(dirty);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('DeploymentPatch', { name: draft.name, description: draft.description });
    const retention = draft.retention.trim();
    const badRetention = retention ? checkNumber('DeploymentPatch', 'log_retention_days', retention) : null;
    if (badRetention) found.log_retention_days = badRetention;
    setProblems(found);
    if (!isEmpty(found)) return;
    patch.mutate(
      {
        name: draft.name,
        description: draft.description,
        deprecated: draft.deprecated,
        log_retention_days: retention ? Number(retention) : null,
      },
      { onSuccess: (saved) => setDraft(detailsOf(saved)) },
    );
  }
  const at = (field: string) => problemAt(problems, patch.error, field);

  return (
    <section aria-labelledby="details-h">
      <h2 id="details-h">Details</h2>
      <form onSubmit={submit} aria-label="Details" className="panel">
        <Field label="Name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} problem={at('name')} />
        <Field
          label="Description"
          value={draft.description}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          problem={at('description')}
        />
        <Field
          label="Keep push logs for (days)"
          inputMode="numeric"
          value={draft.retention}
          onChange={(e) => setDraft({ ...draft, retention: e.target.value })}
          problem={at('log_retention_days')}
          hint="Empty: Rolf's default (ROLF_LOG_RETENTION_DAYS)."
        />
        <div className="field">
          <input
            id={deprecatedId}
            type="checkbox"
            checked={draft.deprecated}
            onChange={(e) => setDraft({ ...draft, deprecated: e.target.checked })}
          />
          <label htmlFor={deprecatedId}>Deprecated (hidden on the dashboard unless asked for)</label>
        </div>
        <FormError error={patch.error} fields={FIELDS} />
        <SaveState saved={patch.isSuccess && !dirty} />
        <button type="submit" disabled={patch.isPending || !dirty}>
          Save details
        </button>
      </form>
    </section>
  );
}

function detailsOf(d: Deployment) {
  return {
    name: d.name,
    description: d.description,
    deprecated: d.deprecated,
    retention: d.log_retention_days ? String(d.log_retention_days) : '',
  };
}

/** "Saved" as a word and a mark, announced politely. */
export function SaveState({ saved }: { saved: boolean }) {
  return (
    <p role="status" className="muted">
      {saved ? (
        <>
          <span aria-hidden="true">✓ </span>Saved.
        </>
      ) : null}
    </p>
  );
}
