import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { checkFields, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import type { Flag } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddFlag, usePatchFlag } from '../api/flags';

const FIELDS = ['name', 'varname', 'default', 'description', 'boolean'];
const blank = { name: '', varname: '', default: '', description: '', boolean: false };
const draftOf = (f: Flag) => ({ name: f.name, varname: f.varname, default: f.default, description: f.description, boolean: f.boolean });

export function FlagForm({ id, existing, onDone }: { id: number; existing?: Flag; onDone?(): void }) {
  const initial = existing ? draftOf(existing) : blank;
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddFlag(id);
  const patch = usePatchFlag(id);
  const booleanId = useId();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedChanges(dirty);
  const error = existing ? patch.error : add.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    const { boolean, ...text } = draft;
    const found = checkFields('NewFlag', text);
    if (boolean && draft.default !== 'true' && draft.default !== 'false') found.default = 'a boolean flag is "true" or "false"';
    setProblems(found);
    if (!isEmpty(found)) return;
    const done = () => {
      setDraft(blank);
      onDone?.();
    };
    if (existing) patch.mutate({ flagId: existing.id, body: draft }, { onSuccess: done });
    else add.mutate(draft, { onSuccess: done });
  }
  const set = (field: keyof typeof blank) => (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value });
  const title = existing ? `Edit flag ${existing.name}` : 'Add a flag';
  return (
    <form onSubmit={submit} aria-label={title} className="panel">
      <h3>{title}</h3>
      <Field label="Flag name" value={draft.name} onChange={set('name')} problem={problemAt(problems, error, 'name')} />
      <Field
        label="Variable"
        value={draft.varname}
        onChange={set('varname')}
        problem={problemAt(problems, error, 'varname')}
        hint="The environment variable a stage reads, e.g. BRANCH."
      />
      <Field label="Default" value={draft.default} onChange={set('default')} problem={problemAt(problems, error, 'default')} />
      <Field
        label="Flag description"
        value={draft.description}
        onChange={set('description')}
        problem={problemAt(problems, error, 'description')}
      />
      <div className="field">
        <input
          id={booleanId}
          type="checkbox"
          checked={draft.boolean}
          onChange={(e) => setDraft({ ...draft, boolean: e.target.checked, default: e.target.checked ? 'false' : draft.default })}
        />
        <label htmlFor={booleanId}>Yes/no flag (a checkbox when pushing)</label>
      </div>
      <FormError error={error} fields={FIELDS} />
      <button type="submit" disabled={add.isPending || patch.isPending}>
        {existing ? 'Save flag' : 'Add flag'}
      </button>
      {onDone && (
        <>
          {' '}
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </>
      )}
    </form>
  );
}
