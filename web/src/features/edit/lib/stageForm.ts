// A stage as its form holds it, checked by the spec's rules (NewStage, StagePatch) before anything is sent.
import { checkFields, checkNumber, type Problems } from '../../../lib/forms';
import type { Language, NewStage, Stage, StagePatch } from '../../../lib/api/types';

export interface StageDraft {
  name: string;
  /** Inline code, or a link to a cookbook recipe (whose code the stage then runs). */
  source: 'inline' | 'recipe';
  language: Language;
  code: string;
  recipeId: number | null;
  /** Seconds as typed; empty for the worker's default. */
  timeout: string;
  /** Runs again when a push is resumed past it (a checkout the later stages need). */
  rerun: boolean;
}

export const EMPTY_STAGE: StageDraft = { name: '', source: 'inline', language: 'bash', code: '', recipeId: null, timeout: '', rerun: false };

export function draftOf(stage: Stage): StageDraft {
  return {
    name: stage.name,
    source: stage.recipe_id ? 'recipe' : 'inline',
    language: stage.language,
    code: stage.recipe_id ? '' : stage.code,
    recipeId: stage.recipe_id ?? null,
    timeout: stage.timeout_seconds ? String(stage.timeout_seconds) : '',
    rerun: stage.rerun_on_resume,
  };
}

export function sameDraft(a: StageDraft, b: StageDraft): boolean {
  return (
    a.name === b.name &&
    a.source === b.source &&
    a.timeout.trim() === b.timeout.trim() &&
    a.rerun === b.rerun &&
    (a.source === 'recipe' ? a.recipeId === b.recipeId : a.language === b.language && a.code === b.code)
  );
}

/** Problems by field (`name`, `code`, `recipe_id`, `timeout_seconds`); empty when the stage may be sent. */
export function validateStage(d: StageDraft): Problems {
  const problems = checkFields('NewStage', { name: d.name, code: d.source === 'inline' ? d.code : undefined });
  if (d.source === 'recipe' && d.recipeId === null) problems.recipe_id = 'choose a recipe';
  if (d.timeout.trim()) {
    const wrong = checkNumber('NewStage', 'timeout_seconds', d.timeout);
    if (wrong) problems.timeout_seconds = wrong;
  }
  return problems;
}

const timeoutOf = (d: StageDraft) => (d.timeout.trim() ? Number(d.timeout) : null);

export function newStageBody(d: StageDraft): NewStage {
  const body: NewStage = { name: d.name, timeout_seconds: timeoutOf(d) };
  if (d.rerun) body.rerun_on_resume = true;
  if (d.source === 'recipe') body.recipe_id = d.recipeId;
  else Object.assign(body, { language: d.language, code: d.code });
  return body;
}

/** Only what changed: an untouched field is left out, so it stays as it is. */
export function stagePatch(before: StageDraft, d: StageDraft): StagePatch {
  const patch: StagePatch = {};
  if (d.name !== before.name) patch.name = d.name;
  if (d.timeout.trim() !== before.timeout.trim()) patch.timeout_seconds = timeoutOf(d);
  if (d.rerun !== before.rerun) patch.rerun_on_resume = d.rerun;
  if (d.source === 'recipe') {
    if (before.source !== 'recipe' || d.recipeId !== before.recipeId) patch.recipe_id = d.recipeId;
  } else if (before.source !== 'inline' || d.code !== before.code || d.language !== before.language) {
    Object.assign(patch, { language: d.language, code: d.code });
  }
  return patch;
}
