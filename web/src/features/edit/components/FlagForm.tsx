import { useId, useState, type FormEvent } from 'react';
import { Field, FieldProblem } from '../../../components/Field';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ApiError } from '../../../lib/api/errors';
import { isEmpty, type Problems } from '../../../lib/forms';
import type { BooleanAs, Flag, FlagKind } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddFlag, usePatchFlag } from '../api/flags';
import { EMPTY_FLAG, draftOf, fieldOf, flagPatch, newFlagBody, parseChoices, validateFlag, withKind } from '../lib/flagForm';

const FIELDS = ['name', 'varname', 'default', 'description', 'kind', 'pattern', 'choices', 'required', 'boolean_as'];

export function FlagForm({ id, existing, onDone }: { id: number; existing?: Flag; onDone?(): void }) {
  const initial = existing ? draftOf(existing) : EMPTY_FLAG;
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddFlag(id);
  const patch = usePatchFlag(id);
  const uid = useId();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedChanges(dirty);
  const error = existing ? patch.error : add.error;
  const refused = error instanceof ApiError ? fieldOf(error.field) : null;
  const at = (field: string) =>
    problems[field] ?? (refused === field && error instanceof ApiError ? error.message : undefined);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateFlag(draft);
    setProblems(found);
    if (!isEmpty(found)) return;
    const done = () => {
      setDraft(EMPTY_FLAG);
      onDone?.();
    };
    if (existing) patch.mutate({ flagId: existing.id, body: flagPatch(draft) }, { onSuccess: done });
    else add.mutate(newFlagBody(draft), { onSuccess: done });
  }
  const set = (field: 'name' | 'varname' | 'default' | 'description' | 'pattern') => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: e.target.value });
  const title = existing ? `Edit flag ${existing.name}` : 'Add a flag';
  const choices = parseChoices(draft.choices);
  const describe = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;
  return (
    <form onSubmit={submit} aria-label={title} className="panel">
      <h3>{title}</h3>
      <Field label="Flag name" value={draft.name} onChange={set('name')} problem={at('name')} />
      <Field
        label="Variable"
        value={draft.varname}
        onChange={set('varname')}
        problem={at('varname')}
        hint="The environment variable a stage reads, e.g. BRANCH."
      />
      <div className="field">
        <label htmlFor={`${uid}-kind`}>Kind</label>
        <select
          id={`${uid}-kind`}
          value={draft.kind}
          onChange={(e) => setDraft(withKind(draft, e.target.value as FlagKind))}
          aria-describedby={`${uid}-kind-hint`}
        >
          <option value="text">Text</option>
          <option value="boolean">Yes/no (a checkbox when pushing)</option>
          <option value="choice">Choice (a list when pushing)</option>
        </select>
        <small id={`${uid}-kind-hint`}>What a push may give: any text (or text matching a pattern), true or false, or one of a list.</small>
        <FieldProblem label="Kind" problem={at('kind')} />
      </div>
      {draft.kind === 'boolean' && (
        <div className="field">
          <label htmlFor={`${uid}-boolean-as`}>Recipes see</label>
          <select
            id={`${uid}-boolean-as`}
            value={draft.boolean_as}
            onChange={(e) => setDraft({ ...draft, boolean_as: e.target.value as BooleanAs })}
            aria-invalid={at('boolean_as') ? true : undefined}
            aria-describedby={`${uid}-boolean-as-hint`}
          >
            <option value="true_false">true / false</option>
            <option value="one_empty">1 / empty, as the original Rolf</option>
          </select>
          <small id={`${uid}-boolean-as-hint`}>
            What a stage reads in the variable: &quot;true&quot; or &quot;false&quot;; or &quot;1&quot; when set and an
            empty value when not, as the original Rolf passed checkboxes to its recipes.
          </small>
          <FieldProblem label="Recipes see" problem={at('boolean_as')} />
        </div>
      )}
      {draft.kind === 'text' && (
        <Field
          label="Pattern"
          value={draft.pattern}
          onChange={set('pattern')}
          problem={at('pattern')}
          spellCheck={false}
          hint="Optional: a regular expression (Rust regex syntax) the whole value must match, e.g. [0-9]+\.[0-9]+"
        />
      )}
      {draft.kind === 'choice' && (
        <div className="field">
          <label htmlFor={`${uid}-choices`}>Choices</label>
          <textarea
            id={`${uid}-choices`}
            rows={Math.min(Math.max(choices.length + 1, 3), 10)}
            value={draft.choices}
            onChange={(e) => {
              const text = e.target.value;
              const listed = parseChoices(text);
              setDraft({ ...draft, choices: text, default: listed.includes(draft.default) ? draft.default : (listed[0] ?? '') });
            }}
            spellCheck={false}
            aria-invalid={at('choices') ? true : undefined}
            aria-describedby={describe(`${uid}-choices-hint`, !!at('choices') && `${uid}-choices-problem`)}
          />
          <small id={`${uid}-choices-hint`}>One per line, 1 to 100, each listed once, in the order offered.</small>
          <FieldProblem id={`${uid}-choices-problem`} label="Choices" problem={at('choices')} />
        </div>
      )}
      {draft.kind !== 'boolean' && (
        <div className="field">
          <input
            id={`${uid}-required`}
            type="checkbox"
            checked={draft.required}
            onChange={(e) => setDraft({ ...draft, required: e.target.checked })}
            aria-describedby={`${uid}-required-hint`}
          />
          <label htmlFor={`${uid}-required`}>Required</label>
          <small id={`${uid}-required-hint`}>No default: every push must give the value.</small>
          <FieldProblem label="Required" problem={at('required')} />
        </div>
      )}
      {!draft.required && draft.kind === 'text' && (
        <Field label="Default" value={draft.default} onChange={set('default')} problem={at('default')} />
      )}
      {!draft.required && draft.kind !== 'text' && (
        <div className="field">
          <label htmlFor={`${uid}-default`}>Default</label>
          <select
            id={`${uid}-default`}
            value={draft.default}
            onChange={set('default')}
            aria-invalid={at('default') ? true : undefined}
          >
            {(draft.kind === 'boolean' ? ['false', 'true'] : choices).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <FieldProblem label="Default" problem={at('default')} />
        </div>
      )}
      <Field label="Flag description" value={draft.description} onChange={set('description')} problem={at('description')} />
      {!(refused && FIELDS.includes(refused)) && <ErrorMessage error={error} />}
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
