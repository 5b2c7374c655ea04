import { checkFields, type Problems } from '../../../lib/forms';
import type { Language, NewRecipe, Recipe } from '../../../lib/api/types';

export interface RecipeDraft {
  name: string;
  language: Language;
  description: string;
  code: string;
}

export const EMPTY_RECIPE: RecipeDraft = { name: '', language: 'bash', description: '', code: '' };

export const draftOf = (r: Recipe): RecipeDraft => ({ name: r.name, language: r.language, description: r.description, code: r.code });

export const sameRecipe = (a: RecipeDraft, b: RecipeDraft) =>
  a.name === b.name && a.language === b.language && a.description === b.description && a.code === b.code;

export function validateRecipe(d: RecipeDraft): Problems {
  return checkFields('NewRecipe', { name: d.name, description: d.description, code: d.code });
}

/** Only the fields that changed, so an edit never rewrites what it did not touch. */
export function recipePatch(before: RecipeDraft, d: RecipeDraft): Partial<NewRecipe> {
  const patch: Partial<NewRecipe> = {};
  for (const key of ['name', 'language', 'description', 'code'] as const) {
    if (d[key] !== before[key]) Object.assign(patch, { [key]: d[key] });
  }
  return patch;
}
