import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { api, unwrap } from '../../../lib/api/client';
import { checkFields, checkNumber, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import type { Deployment } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { usePatchDeployment } from '../api/deployment';
import { SaveState } from './DetailsEditor';

const FIELDS = ['approvals_required', 'approver_group', 'approval_expires_hours', 'rollback_without_approval', 'pool'] as const;

/** Approvals and the worker pool: admins change them (the API refuses others), everyone else reads them. */
export function ApprovalsEditor({ deployment: d, admin }: { deployment: Deployment; admin: boolean }) {
  return (
    <section aria-labelledby="approvals-edit-h">
      <h2 id="approvals-edit-h">Approvals and worker pool</h2>
      {admin ? <ApprovalsForm deployment={d} /> : <ApprovalsFacts deployment={d} />}
    </section>
  );
}

function ApprovalsFacts({ deployment: d }: { deployment: Deployment }) {
  return (
    <>
      <p className="muted">
        <span aria-hidden="true">⊘ </span>Only admins change these.
      </p>
      <dl className="facts">
        <dt>Approvals required</dt>
        <dd>{d.approvals_required === 0 ? 'none' : d.approvals_required}</dd>
        <dt>Approved by</dt>
        <dd>{d.approver_group ? `members of the group ${d.approver_group}` : 'anyone with push on it'}</dd>
        <dt>A push awaiting approval expires after</dt>
        <dd>{d.approval_expires_hours} hours</dd>
        <dt>Rollbacks</dt>
        <dd>{d.rollback_without_approval ? 'run without approvals' : 'need approvals like any push'}</dd>
        <dt>Worker pool</dt>
        <dd>
          <code>{d.pool}</code>
        </dd>
      </dl>
    </>
  );
}

function draftOf(d: Deployment) {
  return {
    required: String(d.approvals_required),
    group: d.approver_group ?? '',
    expires: String(d.approval_expires_hours),
    rollback: d.rollback_without_approval,
    pool: d.pool,
  };
}

function ApprovalsForm({ deployment: d }: { deployment: Deployment }) {
  const initial = draftOf(d);
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const patch = usePatchDeployment(d.id);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  const groupId = useId();
  const rollbackId = useId();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedChanges(dirty);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('DeploymentPatch', { pool: draft.pool });
    const required = checkNumber('DeploymentPatch', 'approvals_required', draft.required);
    if (required) found.approvals_required = required;
    const expires = checkNumber('DeploymentPatch', 'approval_expires_hours', draft.expires);
    if (expires) found.approval_expires_hours = expires;
    setProblems(found);
    if (!isEmpty(found)) return;
    patch.mutate(
      {
        approvals_required: Number(draft.required),
        approver_group: draft.group || null,
        approval_expires_hours: Number(draft.expires),
        rollback_without_approval: draft.rollback,
        pool: draft.pool,
      },
      { onSuccess: (saved) => setDraft(draftOf(saved)) },
    );
  }
  const at = (field: string) => problemAt(problems, patch.error, field);
  // The group set now stays a choice even before the list came (or if it is gone from it).
  const names = new Set([...(groups.data ?? []).map((g) => g.name), ...(draft.group ? [draft.group] : [])]);

  return (
    <form onSubmit={submit} aria-label="Approvals and worker pool" className="panel">
      <Field
        label="Approvals required"
        inputMode="numeric"
        value={draft.required}
        onChange={(e) => setDraft({ ...draft, required: e.target.value })}
        problem={at('approvals_required')}
        hint="0 to 5 people other than the requester; 0: pushes run without approval."
      />
      <div className="field">
        <label htmlFor={groupId}>Approved by</label>
        <select id={groupId} value={draft.group} onChange={(e) => setDraft({ ...draft, group: e.target.value })}>
          <option value="">Anyone with push on it</option>
          {[...names].sort().map((n) => (
            <option key={n} value={n}>
              Members of the group {n}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="A push awaiting approval expires after (hours)"
        inputMode="numeric"
        value={draft.expires}
        onChange={(e) => setDraft({ ...draft, expires: e.target.value })}
        problem={at('approval_expires_hours')}
      />
      <div className="field">
        <input id={rollbackId} type="checkbox" checked={draft.rollback} onChange={(e) => setDraft({ ...draft, rollback: e.target.checked })} />
        <label htmlFor={rollbackId}>Rollbacks run without approvals</label>
      </div>
      <Field
        label="Worker pool"
        value={draft.pool}
        onChange={(e) => setDraft({ ...draft, pool: e.target.value })}
        problem={at('pool')}
        hint="The workers serving this pool (ROLF_WORKER_POOLS) run its pushes."
      />
      <FormError error={patch.error} fields={FIELDS} />
      <SaveState saved={patch.isSuccess && !dirty} />
      <button type="submit" disabled={patch.isPending || !dirty}>
        Save approvals and pool
      </button>
    </form>
  );
}
