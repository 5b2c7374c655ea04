// The push form's rules: what the spec states (rules.gen.ts), and the API's own (common/src/pushes/request.rs
// and validate.rs) that the spec does not say yet: a comment and each flag value at most 10,000 bytes, a
// boolean flag "true" or "false". Checked here so a mistake is shown at its field; the API checks again.
import { breaks, ruleFor } from '../../../lib/api/rules';
import type { Flag, NewPush } from '../../../lib/api/types';

export const MAX_TEXT_BYTES = 10_000;

export type FlagValues = Record<string, string>;

export function initialFlagValues(flags: Flag[]): FlagValues {
  return Object.fromEntries(flags.map((f) => [f.varname, f.boolean ? (f.default === 'true' ? 'true' : 'false') : f.default]));
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Problems by field (`comment`, `flags.VARNAME`); empty when the form may be sent. */
export function validatePush(flags: Flag[], values: FlagValues, comment: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const stated = breaks(ruleFor('NewPush', 'comment'), comment);
  if (stated) problems.comment = stated;
  else if (bytes(comment) > MAX_TEXT_BYTES) problems.comment = `must be at most ${MAX_TEXT_BYTES} bytes`;
  for (const f of flags) {
    const value = values[f.varname] ?? f.default;
    if (f.boolean && value !== 'true' && value !== 'false') {
      problems[`flags.${f.varname}`] = 'a boolean flag is "true" or "false"';
    } else if (bytes(value) > MAX_TEXT_BYTES) {
      problems[`flags.${f.varname}`] = `must be at most ${MAX_TEXT_BYTES} bytes`;
    }
  }
  return problems;
}

/** The request body: only flags that differ from their default are sent (the API fills in the rest). */
export function pushBody(flags: Flag[], values: FlagValues, comment: string): NewPush {
  const body: NewPush = { comment };
  const changed: Record<string, string> = {};
  for (const f of flags) {
    const value = values[f.varname];
    if (value !== undefined && value !== f.default) changed[f.varname] = value;
  }
  if (Object.keys(changed).length) body.flags = changed;
  return body;
}
