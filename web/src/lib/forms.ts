// Form checks from the spec's rules, and where an API refusal belongs: a 422 that names a field is shown
// beside that field, anything else above the form's buttons.
import { ApiError } from './api/errors';
import { breaks, ruleFor } from './api/rules';

export type Problems = Record<string, string>;

/** Checks each value against the spec's rule for `schema.property`; skips undefined (absent) values. */
export function checkFields(schema: string, values: Record<string, string | undefined>): Problems {
  const problems: Problems = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const found = breaks(ruleFor(schema, field), value);
    if (found) problems[field] = found;
  }
  return problems;
}

/** Checks a whole number typed into a field against the spec's minimum and maximum. */
export function checkNumber(schema: string, field: string, text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return 'must be a whole number';
  const n = Number(text);
  const rule = ruleFor(schema, field);
  if (rule?.minimum !== undefined && n < rule.minimum) return `must be at least ${rule.minimum}`;
  if (rule?.maximum !== undefined && n > rule.maximum) return `must be at most ${rule.maximum}`;
  return null;
}

/** The field an API refusal names (a 422), if any. */
export function refusedField(error: unknown): string | null {
  return error instanceof ApiError ? error.field : null;
}

/** What to show at `field`: the form's own check first, else the API's refusal of that field. */
export function problemAt(problems: Problems, error: unknown, field: string): string | undefined {
  if (problems[field]) return problems[field];
  if (error instanceof ApiError && error.field === field) return error.message;
  return undefined;
}

export const isEmpty = (problems: Problems) => Object.keys(problems).length === 0;
