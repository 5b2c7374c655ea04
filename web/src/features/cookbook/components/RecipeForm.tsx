import { useId, useState, type FormEvent } from 'react';
import { CodeEditor } from '../../../components/CodeEditor';
import { Field, FieldProblem } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { Language, Recipe } from '../../../lib/api/types';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddRecipe, usePatchRecipe } from '../api/recipes';
import { EMPTY_RECIPE, draftOf, recipePatch, sameRecipe, validateRecipe } from '../lib/recipeForm';

const FIELDS = ['name', 'language', 'description', 'code'];

/** Creates a recipe, or changes one (admins; the API refuses anyone else with its own message). */
export function RecipeForm({ existing, onDone }: { existing?: Recipe; onDone(): void }) {
  const initial = existing ? draftOf(existing) : EMPTY_RECIPE;
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddRecipe();
  const patch = usePatchRecipe(existing?.id ?? 0);
  const uid = useId();
  useUnsavedChanges(!sameRecipe(initial, draft));
  const error = existing ? patch.error : add.error;
  const at = (field: string) => problemAt(problems, error, field);
  const title = existing ? `Edit recipe ${existing.name}` : 'New recipe';

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateRecipe(draft);
    setProblems(found);
    if (!isEmpty(found)) return;
    if (existing) patch.mutate(recipePatch(initial, draft), { onSuccess: onDone });
    else add.mutate(draft, { onSuccess: onDone });
  }

  // A new recipe's form sits under the page's heading; an edit sits inside its recipe's (an h2).
  const Heading = existing ? 'h3' : 'h2';
  return (
    <form onSubmit={submit} aria-label={title} className="panel">
      <Heading>{title}</Heading>
      <Field label="Recipe name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} problem={at('name')} />
      <Field
        label="Recipe description"
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        problem={at('description')}
      />
      <div className="field">
        <label htmlFor={`${uid}-lang`}>Language</label>
        <select id={`${uid}-lang`} value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as Language })}>
          <option value="bash">bash</option>
          <option value="python">python</option>
        </select>
      </div>
      <div className="field">
        <span className="label">Code</span>
        <CodeEditor
          label={`Code of ${existing ? `recipe ${existing.name}` : 'the new recipe'}`}
          initial={draft.code}
          language={draft.language}
          onChange={(code) => setDraft((d) => ({ ...d, code }))}
          invalid={!!at('code')}
        />
        <FieldProblem id={`${uid}-code-problem`} label="Code" problem={at('code')} />
      </div>
      <FormError error={error} fields={FIELDS} />
      <button type="submit" disabled={add.isPending || patch.isPending}>
        {existing ? 'Save recipe' : 'Create recipe'}
      </button>{' '}
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
