import { useId, useState, type FormEvent } from 'react';
import { CodeEditor } from '../../../components/CodeEditor';
import { Field, FieldProblem } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import type { Language, Stage } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddStage, usePatchStage, useRecipes } from '../api/stages';
import { EMPTY_STAGE, draftOf, newStageBody, sameDraft, stagePatch, validateStage } from '../lib/stageForm';

const FIELDS = ['name', 'code', 'language', 'recipe_id', 'timeout_seconds', 'rerun_on_resume'];

/** Adds a stage, or changes one: its name, its inline code or the cookbook recipe it links, its timeout. */
export function StageForm({ id, existing, onDone }: { id: number; existing?: Stage; onDone?(): void }) {
  const initial = existing ? draftOf(existing) : EMPTY_STAGE;
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  // Bumped to give the code editor a fresh start once a new stage is added.
  const [generation, setGeneration] = useState(0);
  const add = useAddStage(id);
  const patch = usePatchStage(id);
  const recipes = useRecipes();
  const uid = useId();
  useUnsavedChanges(!sameDraft(initial, draft));
  const error = existing ? patch.error : add.error;
  const at = (field: string) => problemAt(problems, error, field);
  const label = existing ? `stage ${existing.name}` : 'the new stage';

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateStage(draft);
    setProblems(found);
    if (!isEmpty(found)) return;
    if (existing) {
      patch.mutate({ stageId: existing.id, body: stagePatch(initial, draft) }, { onSuccess: () => onDone?.() });
    } else {
      add.mutate(newStageBody(draft), { onSuccess: () => (setDraft(EMPTY_STAGE), setGeneration((g) => g + 1)) });
    }
  }

  return (
    <form onSubmit={submit} aria-label={existing ? `Edit stage ${existing.name}` : 'Add a stage'} className="panel">
      {!existing && <h3>Add a stage</h3>}
      <Field label="Stage name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} problem={at('name')} />
      <fieldset>
        <legend>What {label} runs</legend>
        {(['inline', 'recipe'] as const).map((source) => (
          <span key={source}>
            <input
              type="radio"
              id={`${uid}-${source}`}
              name={`${uid}-source`}
              checked={draft.source === source}
              onChange={() => setDraft({ ...draft, source })}
            />
            <label htmlFor={`${uid}-${source}`} className="inline">
              {source === 'inline' ? 'Its own code' : 'A cookbook recipe'}
            </label>
          </span>
        ))}
      </fieldset>
      {draft.source === 'inline' ? (
        <>
          <div className="field">
            <label htmlFor={`${uid}-lang`}>Language</label>
            <select
              id={`${uid}-lang`}
              value={draft.language}
              onChange={(e) => setDraft({ ...draft, language: e.target.value as Language })}
            >
              <option value="bash">bash</option>
              <option value="python">python</option>
            </select>
          </div>
          <div className="field">
            <span className="label">
              Code
            </span>
            <CodeEditor
              key={generation}
              label={`Code of ${label}`}
              initial={draft.code}
              language={draft.language}
              onChange={(code) => setDraft((d) => ({ ...d, code }))}
              invalid={!!at('code')}
            />
            <FieldProblem id={`${uid}-code-problem`} label="Code" problem={at('code')} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${uid}-recipe-id`}>Recipe</label>
          <select
            id={`${uid}-recipe-id`}
            value={draft.recipeId ?? ''}
            onChange={(e) => setDraft({ ...draft, recipeId: e.target.value ? Number(e.target.value) : null })}
            aria-invalid={at('recipe_id') ? true : undefined}
          >
            <option value="">Choose a recipe…</option>
            {recipes.data?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.language})
              </option>
            ))}
          </select>
          <FieldProblem label="Recipe" problem={at('recipe_id')} />
        </div>
      )}
      <Field
        label="Timeout (seconds)"
        inputMode="numeric"
        value={draft.timeout}
        onChange={(e) => setDraft({ ...draft, timeout: e.target.value })}
        problem={at('timeout_seconds')}
        hint="Empty: the worker's default."
      />
      <div className="field">
        <input
          id={`${uid}-rerun`}
          type="checkbox"
          checked={draft.rerun}
          onChange={(e) => setDraft({ ...draft, rerun: e.target.checked })}
          aria-describedby={`${uid}-rerun-hint`}
        />
        <label htmlFor={`${uid}-rerun`}>Run again on resume</label>
        <small id={`${uid}-rerun-hint`}>
          A push resumed past this stage runs it again rather than skipping it: every push has a fresh work directory,
          so a stage that prepares it (a checkout) is needed by the stages after it.
        </small>
      </div>
      <FormError error={error ?? recipes.error} fields={FIELDS} />
      <button type="submit" disabled={add.isPending || patch.isPending}>
        {existing ? 'Save stage' : 'Add stage'}
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
