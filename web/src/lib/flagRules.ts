// A flag's value rules as the API checks them (common/src/catalog/flag_rules.rs), for the forms that set or
// describe a value: a boolean is "true" or "false", a choice one of its choices, a text value matches the whole
// pattern. The pattern is Rust `regex` syntax; JavaScript compiles most of it alike, and where it cannot, the
// check is left to the API (whose 422 is then shown at the field).
import type { BooleanAs, Flag } from './api/types';

export type FlagRules = Pick<Flag, 'kind' | 'pattern' | 'choices' | 'required'> & { boolean_as?: BooleanAs };

const compiled = new Map<string, RegExp | null>();

/** The pattern anchored to the whole value, as the API anchors it; null when there is none or JavaScript
 *  cannot compile it. */
export function wholeMatch(pattern: string | null | undefined): RegExp | null {
  if (!pattern) return null;
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp('^(?:' + pattern + ')$', 'u');
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re;
}

/** What is wrong with `value` under the flag's rules, or null (null too when only the API can tell). */
export function flagValueProblem(flag: FlagRules, value: string): string | null {
  switch (flag.kind) {
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'a boolean flag is "true" or "false"';
    case 'choice':
      return flag.choices.includes(value) ? null : `must be one of the flag's choices: ${flag.choices.join(', ')}`;
    case 'text': {
      const re = wholeMatch(flag.pattern);
      return re && !re.test(value) ? `must match the flag's pattern ${flag.pattern ?? ''}` : null;
    }
  }
}

/** The flag's kind and rules in a few words, for tables. */
export function describeRules(flag: FlagRules): string {
  const parts: string[] = [];
  if (flag.kind === 'boolean') {
    parts.push('true or false');
    if (flag.boolean_as === 'one_empty') parts.push('recipes see 1 or empty, as the original Rolf');
  }
  else if (flag.kind === 'choice') parts.push(`one of: ${flag.choices.join(', ')}`);
  else parts.push(flag.pattern ? `matches ${flag.pattern}` : 'any text');
  if (flag.required) parts.push('required');
  return parts.join('; ');
}

export const KIND_LABEL: Record<Flag['kind'], string> = { text: 'text', boolean: 'yes/no', choice: 'choice' };
