// A flag as its form holds it, checked by the spec's rules (NewFlag) and the API's own rules of a flag's kind
// (common/src/catalog/flag_rules.rs): a pattern only for text, 1 to 100 distinct choices only for a choice flag,
// required not for a boolean and then with no default, a default the rules allow. The API checks again.
import { breaks, ruleFor } from '../../../lib/api/rules';
import { flagValueProblem } from '../../../lib/flagRules';
import { checkFields, type Problems } from '../../../lib/forms';
import type { BooleanAs, Flag, FlagKind, FlagPatch, NewFlag } from '../../../lib/api/types';

export const MAX_CHOICES = 100;

export interface FlagDraft {
  name: string;
  varname: string;
  description: string;
  kind: FlagKind;
  /** For a boolean "true" or "false"; for a choice one of the choices; ignored when required. */
  default: string;
  /** A text flag's pattern; empty for none. */
  pattern: string;
  /** A choice flag's choices as typed, one per line. */
  choices: string;
  required: boolean;
  /** What recipes see for a boolean flag: "true"/"false", or "1"/"" as the original Rolf passed checkboxes. */
  boolean_as: BooleanAs;
}

export const EMPTY_FLAG: FlagDraft = {
  name: '',
  varname: '',
  description: '',
  kind: 'text',
  default: '',
  pattern: '',
  choices: '',
  required: false,
  boolean_as: 'true_false',
};

export function draftOf(f: Flag): FlagDraft {
  return {
    name: f.name,
    varname: f.varname,
    description: f.description,
    kind: f.kind,
    default: f.default,
    pattern: f.pattern ?? '',
    choices: f.choices.join('\n'),
    required: f.required,
    boolean_as: f.boolean_as,
  };
}

/** The choices typed one per line: each line trimmed, blank lines left out. */
export function parseChoices(text: string): string[] {
  return text
    .split('\n')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** The draft with another kind: a boolean defaults to "false" and cannot be required; a choice flag to its first
 *  choice. */
export function withKind(d: FlagDraft, kind: FlagKind): FlagDraft {
  const next = { ...d, kind };
  if (kind === 'boolean') {
    next.required = false;
    next.default = d.default === 'true' ? 'true' : 'false';
  } else if (kind === 'choice') {
    const choices = parseChoices(d.choices);
    if (!choices.includes(d.default)) next.default = choices[0] ?? '';
  } else if (d.kind === 'boolean') {
    next.default = '';
  }
  return next;
}

/** The default the flag will have: none when required, a choice flag's first choice when its own is not listed. */
function effectiveDefault(d: FlagDraft): string {
  if (d.required) return '';
  if (d.kind === 'choice') {
    const choices = parseChoices(d.choices);
    return choices.includes(d.default) ? d.default : (choices[0] ?? '');
  }
  return d.default;
}

/** Problems by field (`name`, `varname`, `description`, `default`, `pattern`, `choices`); empty when the flag may
 *  be sent. */
export function validateFlag(d: FlagDraft): Problems {
  const problems = checkFields('NewFlag', {
    name: d.name,
    varname: d.varname,
    description: d.description,
    pattern: d.kind === 'text' ? d.pattern : undefined,
  });
  if (d.kind === 'choice') {
    const choices = parseChoices(d.choices);
    const itemRule = ruleFor('NewFlag', 'choices[]');
    if (choices.length === 0 || choices.length > MAX_CHOICES) {
      problems.choices = `a choice flag has 1 to ${MAX_CHOICES} choices, one per line`;
    } else {
      for (const [i, c] of choices.entries()) {
        const broken = breaks(itemRule, c) ?? (choices.indexOf(c) < i ? 'is listed twice' : null);
        if (broken) {
          problems.choices = `${c}: ${broken}`;
          break;
        }
      }
    }
  }
  if (d.required && d.kind === 'boolean') problems.required = 'a boolean flag always has a value; it cannot be required';
  if (!d.required && !problems.choices && !problems.pattern) {
    const def = effectiveDefault(d);
    const broken =
      breaks(ruleFor('NewFlag', 'default'), def) ??
      flagValueProblem({ kind: d.kind, pattern: d.pattern, choices: parseChoices(d.choices), required: false }, def);
    if (broken) problems.default = broken;
  }
  return problems;
}

/** The rules part of a body: a pattern only for text (empty removes one), choices only for a choice flag, no
 *  default when required, "1 / empty" only for a boolean. */
function rulesOf(d: FlagDraft) {
  return {
    kind: d.kind,
    pattern: d.kind === 'text' ? d.pattern : null,
    choices: d.kind === 'choice' ? parseChoices(d.choices) : null,
    required: d.kind !== 'boolean' && d.required,
    default: d.required ? null : effectiveDefault(d),
    boolean_as: d.kind === 'boolean' ? d.boolean_as : ('true_false' as const),
  };
}

export function newFlagBody(d: FlagDraft): NewFlag {
  const rules = rulesOf(d);
  return {
    name: d.name,
    varname: d.varname,
    description: d.description,
    ...rules,
    pattern: rules.pattern || null,
  };
}

/** The whole flag as the form shows it: a patch that leaves nothing to what the flag was. */
export function flagPatch(d: FlagDraft): FlagPatch {
  return { name: d.name, varname: d.varname, description: d.description, ...rulesOf(d) };
}

/** Where a refusal of the API belongs: `choices[3]` at the choices field. */
export function fieldOf(apiField: string | null): string | null {
  return apiField?.startsWith('choices[') ? 'choices' : apiField;
}
