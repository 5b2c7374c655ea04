import { describe, expect, it } from 'vitest';
import { describeRules, flagValueProblem, wholeMatch } from './flagRules';

const text = (pattern: string | null, required = false) => ({ kind: 'text' as const, pattern, choices: [], required });

describe('flag rules', () => {
  it('match the whole value, as the API anchors the pattern', () => {
    expect(flagValueProblem(text('[0-9]+'), '42')).toBeNull();
    expect(flagValueProblem(text('[0-9]+'), 'v42')).toBe("must match the flag's pattern [0-9]+");
    expect(flagValueProblem(text('[0-9]+'), '')).not.toBeNull();
    // The anchors wrap the alternatives: "a|b" does not accept "ab".
    expect(flagValueProblem(text('a|b'), 'ab')).not.toBeNull();
    expect(flagValueProblem(text('a|b'), 'b')).toBeNull();
    expect(flagValueProblem(text(null), 'anything at all')).toBeNull();
    expect(flagValueProblem(text(''), 'x')).toBeNull();
  });

  it('leave a pattern JavaScript cannot compile to the API', () => {
    expect(wholeMatch('(')).toBeNull();
    expect(wholeMatch('(?i)abc')).toBeNull(); // Rust's inline flag
    expect(flagValueProblem(text('(?i)abc'), 'ABC')).toBeNull();
    expect(wholeMatch('[a-z]+')?.test('abc')).toBe(true);
  });

  it('check booleans and choices', () => {
    const boolean = { kind: 'boolean' as const, pattern: null, choices: [], required: false };
    expect(flagValueProblem(boolean, 'true')).toBeNull();
    expect(flagValueProblem(boolean, 'yes')).toBe('a boolean flag is "true" or "false"');
    const choice = { kind: 'choice' as const, pattern: null, choices: ['eu', 'us'], required: true };
    expect(flagValueProblem(choice, 'us')).toBeNull();
    expect(flagValueProblem(choice, 'asia')).toBe("must be one of the flag's choices: eu, us");
    expect(describeRules(choice)).toBe('one of: eu, us; required');
    expect(describeRules(text('[0-9]+'))).toBe('matches [0-9]+');
    expect(describeRules(boolean)).toBe('true or false');
    expect(describeRules({ ...boolean, boolean_as: 'true_false' })).toBe('true or false');
    expect(describeRules({ ...boolean, boolean_as: 'one_empty' })).toBe('true or false; recipes see 1 or empty, as the original Rolf');
  });
});
