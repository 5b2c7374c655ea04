import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FlagInput } from '../../../components/FlagInput';
import { FormError } from '../../../components/FormError';
import type { Flag, Schedule } from '../../../lib/api/types';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useCreateSchedule, useReplaceSchedule } from '../api/queries';
import { draftOf, emptyDraft, scheduleBody, validateSchedule, type ScheduleDraft } from '../lib/scheduleForm';

interface Props {
  deploymentId: number;
  flags: Flag[];
  /** The schedule to edit; a new one when left out. */
  existing?: Schedule;
  onCancel(): void;
}

/** A new schedule, or a schedule's new definition: recurring (cron in a time zone) or one-off (a date and time),
 *  with its flag values. */
export function ScheduleForm({ deploymentId, flags, existing, onCancel }: Props) {
  const [initial] = useState<ScheduleDraft>(() => (existing ? draftOf(flags, existing) : emptyDraft(flags)));
  const [draft, setDraft] = useState<ScheduleDraft>(initial);
  const [problems, setProblems] = useState<Problems>({});
  const [created, setCreated] = useState<Schedule | null>(null);
  const create = useCreateSchedule(deploymentId);
  const replace = useReplaceSchedule(deploymentId, existing?.id ?? 0);
  const save = existing ? replace : create;
  const id = useId();
  const title = existing ? `Edit schedule ${existing.id}` : 'New schedule';
  useUnsavedChanges(JSON.stringify(draft) !== JSON.stringify(initial) && !created);
  const set = (patch: Partial<ScheduleDraft>, ...fields: string[]) => {
    setDraft({ ...draft, ...patch });
    setCreated(null);
    const cleared = { ...problems };
    for (const f of fields) delete cleared[f];
    setProblems(cleared);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateSchedule(flags, draft);
    setProblems(found);
    if (!isEmpty(found)) return;
    save.mutate(scheduleBody(flags, draft), {
      onSuccess: (s) => {
        if (!existing) setDraft(emptyDraft(flags));
        setCreated(s);
      },
    });
  }
  const at = (field: string) => problemAt(problems, save.error, field);
  const fields = ['at', 'cron', 'timezone', 'comment', 'catch_up_minutes', ...flags.map((f) => `flags.${f.varname}`)];

  return (
    <form onSubmit={submit} aria-label={title} className="panel">
      <h3>{title}</h3>
      <fieldset>
        <legend>When</legend>
        <input
          id={`${id}-recurring`}
          type="radio"
          name={`${id}-kind`}
          checked={draft.kind === 'recurring'}
          onChange={() => set({ kind: 'recurring' }, 'at')}
        />
        <label htmlFor={`${id}-recurring`}>Recurring</label>
        <input id={`${id}-once`} type="radio" name={`${id}-kind`} checked={draft.kind === 'once'} onChange={() => set({ kind: 'once' }, 'cron', 'timezone')} />
        <label htmlFor={`${id}-once`}>Once</label>
        {draft.kind === 'once' ? (
          <Field
            label="At"
            type="datetime-local"
            step={1}
            value={draft.at}
            onChange={(e) => set({ at: e.target.value }, 'at')}
            problem={at('at')}
            hint="In your time zone."
          />
        ) : (
          <>
            <Field
              label="Cron pattern"
              value={draft.cron}
              onChange={(e) => set({ cron: e.target.value }, 'cron')}
              problem={at('cron')}
              hint="minute hour day-of-month month day-of-week, e.g. 0 2 * * 1-5 for weekdays at 02:00"
            />
            <Field
              label="Time zone"
              value={draft.timezone}
              onChange={(e) => set({ timezone: e.target.value }, 'timezone')}
              problem={at('timezone')}
              hint="An IANA name such as Europe/Berlin or UTC."
            />
          </>
        )}
      </fieldset>
      {flags.length > 0 && (
        <fieldset>
          <legend>Flags</legend>
          {flags.map((f) => (
            <FlagInput
              key={f.id}
              idPrefix={`${id}-flag`}
              flag={f}
              value={draft.values[f.varname] ?? ''}
              onChange={(v) => set({ values: { ...draft.values, [f.varname]: v } }, `flags.${f.varname}`)}
              problem={at(`flags.${f.varname}`)}
            />
          ))}
        </fieldset>
      )}
      <Field label="Comment" value={draft.comment} onChange={(e) => set({ comment: e.target.value }, 'comment')} problem={at('comment')} />
      <Field
        label="Catch-up (minutes)"
        inputMode="numeric"
        value={draft.catchUp}
        onChange={(e) => set({ catchUp: e.target.value }, 'catch_up_minutes')}
        problem={at('catch_up_minutes')}
        hint="How late a tick missed while Rolf was down may still push, 0 to 1440."
      />
      <div className="field">
        <input id={`${id}-enabled`} type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <label htmlFor={`${id}-enabled`}>Enabled</label>
      </div>
      <FormError error={save.error} fields={fields} />
      <p role="status" className="muted">
        {created && (
          <>
            <span aria-hidden="true">✓ </span>Schedule #{created.id} {existing ? 'saved' : 'created'}.
          </>
        )}
      </p>
      <button type="submit" disabled={save.isPending}>
        {existing ? 'Save schedule' : 'Create schedule'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Close
      </button>
    </form>
  );
}
