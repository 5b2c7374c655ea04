// The push form's rules: what the spec states (rules.gen.ts), each flag's own (lib/flagRules.ts: a boolean is
// "true" or "false", a choice one of its choices, a text value matches its pattern), a required flag given,
// and the API's limits the spec does not say yet (common/src/pushes/request.rs and validate.rs): a comment and
// each flag value at most 10,000 bytes. Checked here so a mistake is shown at its field; the API checks again.
import { breaks, ruleFor } from '../../../lib/api/rules';
import { flagValueProblem } from '../../../lib/flagRules';
import type { Flag, NewPush } from '../../../lib/api/types';

export const MAX_TEXT_BYTES = 10_000;

export type FlagValues = Record<string, string>;

/** Each flag's default; a boolean's is "true" or "false"; a required flag starts empty. */
export function initialFlagValues(flags: Flag[]): FlagValues {
  return Object.fromEntries(
    flags.map((f) => [f.varname, f.kind === 'boolean' ? (f.default === 'true' ? 'true' : 'false') : f.required ? '' : f.default]),
  );
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Problems by field (`comment`, `flags.VARNAME`); empty when the form may be sent. */
export function validatePush(flags: Flag[], values: FlagValues, comment: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const stated = breaks(ruleFor('NewPush', 'comment'), comment);
  if (stated) problems.comment = stated;
  else if (bytes(comment) > MAX_TEXT_BYTES) problems.comment = `must be at most ${MAX_TEXT_BYTES} bytes`;
  for (const f of flags) {
    const value = values[f.varname] ?? (f.required ? '' : f.default);
    const field = `flags.${f.varname}`;
    if (f.required && value === '') {
      problems[field] = f.kind === 'choice' ? 'required: choose one' : 'required: give a value';
      continue;
    }
    const broken = bytes(value) > MAX_TEXT_BYTES ? `must be at most ${MAX_TEXT_BYTES} bytes` : flagValueProblem(f, value);
    if (broken) problems[field] = broken;
  }
  return problems;
}

/** The request body: flags that differ from their default, and every required one (the API fills in the
 *  rest); `step` only when asked for. */
export function pushBody(flags: Flag[], values: FlagValues, comment: string, step = false): NewPush {
  const body: NewPush = { comment };
  const changed: Record<string, string> = {};
  for (const f of flags) {
    const value = values[f.varname];
    if (value !== undefined && (f.required || value !== f.default)) changed[f.varname] = value;
  }
  if (Object.keys(changed).length) body.flags = changed;
  if (step) body.step = true;
  return body;
}
