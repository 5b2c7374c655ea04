import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { breaks, ruleFor } from '../../../lib/api/rules';
import { problemAt } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';

interface Props {
  /** The form's accessible name, e.g. "Rename category web". */
  title: string;
  label: string;
  initial?: string;
  /** The spec's schema whose `name` rule applies, e.g. CategoryInput. */
  schema: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit(name: string, done: () => void): void;
  onCancel?(): void;
}

/** One name to type: creating or renaming a category, an application, a group. */
export function NameForm({ title, label, initial = '', schema, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  useUnsavedChanges(name !== initial);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = breaks(ruleFor(schema, 'name'), name);
    setProblem(found);
    if (!found) onSubmit(name, () => setName(initial));
  }
  return (
    <form onSubmit={submit} aria-label={title} className="inline-form">
      <Field label={label} value={name} onChange={(e) => setName(e.target.value)} problem={problem ?? problemAt({}, error, 'name')} />
      <FormError error={error} fields={['name']} />
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
      {onCancel && (
        <>
          {' '}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
    </form>
  );
}
