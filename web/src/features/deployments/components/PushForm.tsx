import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ApiError } from '../../../lib/api/errors';
import type { Flag, Push } from '../../../lib/api/types';
import { useStartPush } from '../api/queries';
import { initialFlagValues, pushBody, validatePush, type FlagValues } from '../lib/pushForm';

interface Props {
  deploymentId: number;
  flags: Flag[];
  /** Set for "Roll back to this": the tagged push to go back to. */
  rollbackTo?: { id: number; tag: string };
  onStarted(push: Push): void;
  onCancel(): void;
}

export function PushForm({ deploymentId, flags, rollbackTo, onStarted, onCancel }: Props) {
  const [values, setValues] = useState<FlagValues>(() => initialFlagValues(flags));
  const [comment, setComment] = useState(rollbackTo ? `Roll back to ${rollbackTo.tag}` : '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const start = useStartPush(deploymentId);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validatePush(flags, values, comment);
    setProblems(found);
    if (Object.keys(found).length) return;
    const body = pushBody(flags, values, comment);
    if (rollbackTo) body.rollback_to = rollbackTo.id;
    start.mutate(body, { onSuccess: onStarted });
  }

  const serverField = start.error instanceof ApiError ? start.error.field : null;
  const problem = (field: string) => problems[field] ?? (serverField === field ? start.error?.message : undefined);

  return (
    <form onSubmit={submit} aria-label={rollbackTo ? 'Roll back' : 'Push'} className="panel">
      <h3>{rollbackTo ? `Roll back to ${rollbackTo.tag}` : 'Push'}</h3>
      {flags.map((f) => {
        const id = `flag-${f.varname}`;
        const error = problem(`flags.${f.varname}`);
        return (
          <div key={f.id} className="field">
            {f.boolean ? (
              <>
                <input
                  id={id}
                  type="checkbox"
                  checked={values[f.varname] === 'true'}
                  onChange={(e) => setValues({ ...values, [f.varname]: e.target.checked ? 'true' : 'false' })}
                  aria-describedby={f.description ? `${id}-help` : undefined}
                />
                <label htmlFor={id}>{f.name}</label>
              </>
            ) : (
              <>
                <label htmlFor={id}>{f.name}</label>
                <input
                  id={id}
                  value={values[f.varname] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.varname]: e.target.value })}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={f.description ? `${id}-help` : undefined}
                />
              </>
            )}
            {f.description && (
              <small id={`${id}-help`}>
                {f.description} (<code>{f.varname}</code>)
              </small>
            )}
            {error && (
              <span role="alert" className="error">
                {f.name}: {error}
              </span>
            )}
          </div>
        );
      })}
      <div className="field">
        <label htmlFor="push-comment">Comment</label>
        <textarea
          id="push-comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={problem('comment') ? true : undefined}
          rows={2}
        />
        {problem('comment') && (
          <span role="alert" className="error">
            Comment: {problem('comment')}
          </span>
        )}
      </div>
      {!serverField && <ErrorMessage error={start.error} />}
      <button type="submit" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : rollbackTo ? 'Start rollback' : 'Start push'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
