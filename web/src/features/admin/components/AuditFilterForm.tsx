import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { problemAt, type Problems } from '../../../lib/forms';
import { EMPTY_DRAFT, auditFilters, type AuditFilters, type FilterDraft } from '../lib/auditFilters';

interface Props {
  /** Called with the checked filters when the form is sent, and with none when it is cleared. */
  onApply(filters: AuditFilters): void;
  /** The audit query's refusal, shown beside the filter it names (a 422). */
  error: unknown;
}

/** Who, what and when: the audit trail's filters beside the deployment, applied together by **Apply filters**. */
export function AuditFilterForm({ onApply, error }: Props) {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT);
  const [problems, setProblems] = useState<Problems>({});
  const set = (part: Partial<FilterDraft>) => setDraft((d) => ({ ...d, ...part }));
  const at = (field: keyof FilterDraft) => problemAt(problems, error, field);

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = auditFilters(draft);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    onApply(checked.filters);
  }

  function clear() {
    setDraft(EMPTY_DRAFT);
    setProblems({});
    onApply({});
  }

  return (
    <form onSubmit={submit} aria-label="Audit filters" className="inline-form">
      <Field label="Who" value={draft.actor} onChange={(e) => set({ actor: e.target.value })} problem={at('actor')} hint="A username, exactly." />
      <Field
        label="Action"
        value={draft.action}
        onChange={(e) => set({ action: e.target.value })}
        problem={at('action')}
        hint="setting.put, or setting for every change to settings."
      />
      <Field label="Since" type="datetime-local" value={draft.since} onChange={(e) => set({ since: e.target.value })} problem={at('since')} />
      <Field
        label="Until"
        type="datetime-local"
        value={draft.until}
        onChange={(e) => set({ until: e.target.value })}
        problem={at('until')}
        hint="Your local time; Since is included, Until is not."
      />
      <button type="submit">Apply filters</button> <button type="button" onClick={clear}>
        Clear filters
      </button>
    </form>
  );
}
