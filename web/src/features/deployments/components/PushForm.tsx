import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FlagInput } from '../../../components/FlagInput';
import { ApiError } from '../../../lib/api/errors';
import { breaks, ruleFor } from '../../../lib/api/rules';
import type { Flag, Push } from '../../../lib/api/types';
import { useStartPush } from '../api/queries';
import { initialFlagValues, pushBody, validatePush, type FlagValues } from '../lib/pushForm';

interface Props {
  deploymentId: number;
  flags: Flag[];
  /** Set for "Roll back to this": the tagged push to go back to. */
  rollbackTo?: { id: number; tag: string };
  /** Shown above the buttons, given the flag values as the form holds them: what the push would change. */
  preview?: (values: FlagValues) => ReactNode;
  /** Editors may push in an emergency past approvals and freeze windows, with a reason. */
  canBypass?: boolean;
  onStarted(push: Push): void;
  onCancel(): void;
}

export function PushForm({ deploymentId, flags, rollbackTo, preview, canBypass = false, onStarted, onCancel }: Props) {
  const [values, setValues] = useState<FlagValues>(() => initialFlagValues(flags));
  const [comment, setComment] = useState(rollbackTo ? `Roll back to ${rollbackTo.tag}` : '');
  const [step, setStep] = useState(false);
  const [bypass, setBypass] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const start = useStartPush(deploymentId);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validatePush(flags, values, comment);
    if (bypass !== null) {
      const broken = breaks(ruleFor('Bypass', 'reason'), bypass);
      if (broken) found['bypass.reason'] = broken === 'must not be empty' ? 'required: say why this cannot wait' : broken;
    }
    setProblems(found);
    if (Object.keys(found).length) return;
    const body = pushBody(flags, values, comment, step);
    if (rollbackTo) body.rollback_to = rollbackTo.id;
    if (bypass !== null) body.bypass = { reason: bypass };
    start.mutate(body, { onSuccess: onStarted });
  }

  const serverField = start.error instanceof ApiError ? start.error.field : null;
  const problem = (field: string) => problems[field] ?? (serverField === field ? start.error?.message : undefined);
  const shownFields = ['comment', 'bypass.reason', ...flags.map((f) => `flags.${f.varname}`)];
  const frozen = start.error instanceof ApiError && start.error.code === 'frozen' ? start.error : null;

  return (
    <form onSubmit={submit} aria-label={rollbackTo ? 'Roll back' : 'Push'} className="panel">
      <h2>{rollbackTo ? `Roll back to ${rollbackTo.tag}` : 'Push'}</h2>
      {flags.map((f) => (
        <FlagInput
          key={f.id}
          flag={f}
          value={values[f.varname] ?? ''}
          onChange={(v) => {
            setValues({ ...values, [f.varname]: v });
            // A problem shown at the field goes once the value is changed; the next submit checks again.
            setProblems(({ [`flags.${f.varname}`]: _, ...rest }) => rest);
          }}
          problem={problem(`flags.${f.varname}`)}
        />
      ))}
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
      <div className="field">
        <input
          id="push-step"
          type="checkbox"
          checked={step}
          onChange={(e) => setStep(e.target.checked)}
          aria-describedby="push-step-help"
        />
        <label htmlFor="push-step">Step mode</label>
        <small id="push-step-help">
          Pause before each stage after the first, until someone presses Continue on the push page.
        </small>
      </div>
      {canBypass && (
        <BypassInput
          reason={bypass}
          onChange={(r) => {
            setBypass(r);
            setProblems(({ 'bypass.reason': _, ...rest }) => rest);
          }}
          problem={problem('bypass.reason')}
        />
      )}
      {preview?.(values)}
      {frozen ? (
        <p role="alert" className="error">
          <span aria-hidden="true">❄ </span>
          <strong>Frozen:</strong> {frozen.message}.{canBypass && ' In an emergency, tick Emergency bypass and say why.'}
        </p>
      ) : (
        !(serverField && shownFields.includes(serverField)) && <ErrorMessage error={start.error} />
      )}
      <button type="submit" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : rollbackTo ? 'Start rollback' : 'Start push'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** The emergency bypass: off, or on with its reason (required; shown wherever the push is). */
function BypassInput({ reason, onChange, problem }: { reason: string | null; onChange(r: string | null): void; problem?: string }) {
  return (
    <div className="field">
      <input
        id="push-bypass"
        type="checkbox"
        checked={reason !== null}
        onChange={(e) => onChange(e.target.checked ? '' : null)}
        aria-describedby="push-bypass-help"
      />
      <label htmlFor="push-bypass">Emergency bypass</label>
      <small id="push-bypass-help">
        Skips the approvals this deployment requires and any freeze window in effect. The reason is recorded and shown
        wherever the push is.
      </small>
      {reason !== null && (
        <>
          <label htmlFor="push-bypass-reason">
            Bypass reason <span className="muted">(required)</span>
          </label>
          <textarea
            id="push-bypass-reason"
            rows={2}
            value={reason}
            onChange={(e) => onChange(e.target.value)}
            aria-required
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'push-bypass-problem' : undefined}
          />
          {problem && (
            <span id="push-bypass-problem" role="alert" className="error">
              Bypass reason: {problem}
            </span>
          )}
        </>
      )}
    </div>
  );
}
