// Checks a form value against the rule the API's spec states for it (rules.gen.ts), so a mistake is shown at
// its field before anything is sent. The API checks again; its answer is shown if it still refuses.
import { paramRules, queryRules, rules } from './rules.gen';

export interface Rule {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export function ruleFor(schema: string, property: string): Rule | undefined {
  return (rules as Record<string, Record<string, Rule> | undefined>)[schema]?.[property];
}

/** The rule of a path parameter, e.g. ('/api/v1/deployments/{id}/settings/{name}', 'name'). */
export function paramRuleFor(path: string, param: string): Rule | undefined {
  return (paramRules as Record<string, Record<string, Rule> | undefined>)[path]?.[param];
}

/** The rule of a query parameter, e.g. ('/api/v1/audit', 'actor'). */
export function queryRuleFor(path: string, param: string): Rule | undefined {
  return (queryRules as Record<string, Record<string, Rule> | undefined>)[path]?.[param];
}

/** What is wrong with `value` under `rule`, or null. Lengths count characters, as JSON Schema does. */
export function breaks(rule: Rule | undefined, value: string): string | null {
  if (!rule) return null;
  const length = [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength) {
    return rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters`;
  }
  if (rule.maxLength !== undefined && length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value)) return 'has characters that are not allowed here';
  return null;
}
