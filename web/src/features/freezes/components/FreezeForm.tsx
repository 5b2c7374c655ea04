import { useId, useState, type FormEvent } from 'react';
import { Field, FieldProblem } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { Application, Category, Deployment } from '../../../lib/api/types';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useCreateFreeze } from '../api/queries';
import { emptyDraft, freezeBody, validateFreeze, type FreezeDraft, type Scope } from '../lib/freezeForm';

const FIELDS = ['reason', 'starts_at', 'ends_at', 'cron', 'duration_minutes', 'timezone', 'scope'] as const;

interface Props {
  admin: boolean;
  categories: Category[];
  applications: Application[];
  /** The deployments the caller may freeze (all for admins, those with edit otherwise). */
  deployments: Deployment[];
  /** A deployment id to start with (from a deployment page's link). */
  preset: string | null;
}

/** A new freeze window: one-off (start and end) or recurring (cron in a time zone, lasting minutes). */
export function FreezeForm({ admin, categories, applications, deployments, preset }: Props) {
  const start = () => (preset || !admin ? emptyDraft('deployment', preset ?? '') : emptyDraft());
  const [draft, setDraft] = useState<FreezeDraft>(start);
  const [problems, setProblems] = useState<Problems>({});
  const create = useCreateFreeze();
  const id = useId();
  useUnsavedChanges(draft.reason !== '' || draft.starts !== '' || draft.ends !== '' || draft.cron !== '');
  const set = (patch: Partial<FreezeDraft>) => {
    setDraft({ ...draft, ...patch });
    const cleared = { ...problems };
    for (const k of Object.keys(patch)) delete cleared[fieldOf(k)];
    setProblems(cleared);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateFreeze(draft);
    setProblems(found);
    if (!isEmpty(found)) return;
    create.mutate(freezeBody(draft), { onSuccess: () => setDraft(start()) });
  }
  const at = (field: string) => problemAt(problems, create.error, field);
  const scopes: { value: Scope; label: string }[] = admin
    ? [
        { value: 'all', label: 'Every deployment' },
        { value: 'category', label: 'A category' },
        { value: 'application', label: 'An application' },
        { value: 'deployment', label: 'A deployment' },
      ]
    : [{ value: 'deployment', label: 'A deployment' }];
  const items =
    draft.scope === 'category'
      ? categories.map((c) => ({ id: c.id, name: c.name }))
      : draft.scope === 'application'
        ? applications.map((a) => ({ id: a.id, name: a.name }))
        : deployments.map((d) => ({ id: d.id, name: `${d.application}/${d.name}` }));

  return (
    <form onSubmit={submit} aria-label="New freeze window" className="panel">
      <h2>New freeze window</h2>
      <Field label="Reason" value={draft.reason} onChange={(e) => set({ reason: e.target.value })} problem={at('reason')} />
      <fieldset>
        <legend>When</legend>
        <input id={`${id}-once`} type="radio" name={`${id}-kind`} checked={draft.kind === 'once'} onChange={() => set({ kind: 'once' })} />
        <label htmlFor={`${id}-once`}>Once</label>
        <input
          id={`${id}-recurring`}
          type="radio"
          name={`${id}-kind`}
          checked={draft.kind === 'recurring'}
          onChange={() => set({ kind: 'recurring' })}
        />
        <label htmlFor={`${id}-recurring`}>Recurring</label>
        {draft.kind === 'once' ? (
          <>
            <Field label="Starts" type="datetime-local" value={draft.starts} onChange={(e) => set({ starts: e.target.value })} problem={at('starts_at')} />
            <Field label="Ends" type="datetime-local" value={draft.ends} onChange={(e) => set({ ends: e.target.value })} problem={at('ends_at')} />
          </>
        ) : (
          <>
            <Field
              label="Cron pattern"
              value={draft.cron}
              onChange={(e) => set({ cron: e.target.value })}
              problem={at('cron')}
              hint="minute hour day-of-month month day-of-week, e.g. 0 18 * * 5 for Fridays at 18:00"
            />
            <Field
              label="Lasting (minutes)"
              inputMode="numeric"
              value={draft.duration}
              onChange={(e) => set({ duration: e.target.value })}
              problem={at('duration_minutes')}
            />
            <Field
              label="Time zone"
              value={draft.timezone}
              onChange={(e) => set({ timezone: e.target.value })}
              problem={at('timezone')}
              hint="An IANA name such as Europe/Berlin or UTC."
            />
          </>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-scope`}>Covers</label>
        <select id={`${id}-scope`} value={draft.scope} onChange={(e) => set({ scope: e.target.value as Scope, scopeId: '' })}>
          {scopes.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        {draft.scope !== 'all' && (
          <>
            <label htmlFor={`${id}-item`} className="visually-hidden">
              Which {draft.scope}
            </label>
            <select
              id={`${id}-item`}
              value={draft.scopeId}
              onChange={(e) => set({ scopeId: e.target.value })}
              aria-invalid={at('scope') ? true : undefined}
              aria-describedby={at('scope') ? `${id}-scope-problem` : undefined}
            >
              <option value="">Choose…</option>
              {items.map((it) => (
                <option key={it.id} value={String(it.id)}>
                  {it.name}
                </option>
              ))}
            </select>
          </>
        )}
        <FieldProblem id={`${id}-scope-problem`} label="Covers" problem={at('scope')} />
      </div>
      <FormError error={create.error} fields={FIELDS} />
      <p role="status" className="muted">
        {create.isSuccess && (
          <>
            <span aria-hidden="true">✓ </span>Freeze window created.
          </>
        )}
      </p>
      <button type="submit" disabled={create.isPending}>
        Create freeze window
      </button>
    </form>
  );
}

/** The problem key a draft property's change clears. */
function fieldOf(key: string): string {
  switch (key) {
    case 'starts':
      return 'starts_at';
    case 'ends':
      return 'ends_at';
    case 'duration':
      return 'duration_minutes';
    case 'scopeId':
      return 'scope';
    default:
      return key;
  }
}
