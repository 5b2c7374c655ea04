import { describe, expect, it } from 'vitest';
import type { Flag } from '../../../lib/api/types';
import { EMPTY_FLAG, draftOf, fieldOf, flagPatch, newFlagBody, parseChoices, validateFlag, withKind } from './flagForm';

const base = { ...EMPTY_FLAG, name: 'Region', varname: 'REGION' };

describe('the flag form', () => {
  it('reads choices one per line, trimmed, blank lines left out', () => {
    expect(parseChoices(' eu-west \n\nus-east\n')).toEqual(['eu-west', 'us-east']);
  });

  it('checks a choice flag: 1 to 100 distinct choices, the default among them', () => {
    const choice = withKind(base, 'choice');
    expect(validateFlag(choice)).toEqual({ choices: 'a choice flag has 1 to 100 choices, one per line' });
    expect(validateFlag({ ...choice, choices: 'eu\nus\neu' })).toEqual({ choices: 'eu: is listed twice' });
    expect(validateFlag({ ...choice, choices: 'a/b\tc' }).choices).toBe('a/b\tc: has characters that are not allowed here');
    const many = Array.from({ length: 101 }, (_, i) => `c${i}`).join('\n');
    expect(validateFlag({ ...choice, choices: many }).choices).toContain('1 to 100');
    // A default not listed falls back to the first choice, as the API does when none is given.
    const ok = { ...choice, choices: 'eu\nus', default: 'asia' };
    expect(validateFlag(ok)).toEqual({});
    expect(newFlagBody(ok)).toEqual({
      name: 'Region',
      varname: 'REGION',
      description: '',
      kind: 'choice',
      pattern: null,
      choices: ['eu', 'us'],
      required: false,
      default: 'eu',
      boolean_as: 'true_false',
    });
  });

  it('checks a text flag: its default matches the whole pattern, unless JavaScript cannot compile it', () => {
    const text = { ...base, pattern: '[0-9]+' };
    expect(validateFlag({ ...text, default: '42' })).toEqual({});
    expect(validateFlag({ ...text, default: 'v42' })).toEqual({ default: "must match the flag's pattern [0-9]+" });
    expect(validateFlag({ ...text, default: '' }).default).toBeDefined();
    expect(validateFlag({ ...text, pattern: '(', default: 'x' })).toEqual({});
    expect(validateFlag({ ...text, pattern: 'x'.repeat(1001) }).pattern).toBe('must be at most 1000 characters');
    expect(newFlagBody({ ...text, default: '1' })).toMatchObject({ kind: 'text', pattern: '[0-9]+', choices: null });
    expect(newFlagBody({ ...base, default: 'main' })).toMatchObject({ pattern: null, default: 'main' });
  });

  it('a required flag has no default and is never a boolean', () => {
    const required = { ...base, pattern: '[0-9]+', required: true, default: 'ignored' };
    expect(validateFlag(required)).toEqual({});
    expect(newFlagBody(required)).toMatchObject({ required: true, default: null });
    expect(validateFlag({ ...base, kind: 'boolean', default: 'false', required: true }).required).toBeDefined();
    const boolean = withKind({ ...base, required: true }, 'boolean');
    expect(boolean).toMatchObject({ required: false, default: 'false' });
    expect(newFlagBody(boolean)).toMatchObject({ kind: 'boolean', required: false, default: 'false', pattern: null, choices: null });
  });

  it('sends what recipes see for a boolean flag, and "true / false" for any other kind', () => {
    const boolean = withKind(base, 'boolean');
    expect(boolean.boolean_as).toBe('true_false');
    const asOriginal = { ...boolean, boolean_as: 'one_empty' as const };
    expect(newFlagBody(asOriginal)).toMatchObject({ kind: 'boolean', boolean_as: 'one_empty' });
    expect(flagPatch(asOriginal)).toMatchObject({ kind: 'boolean', boolean_as: 'one_empty' });
    // A flag that stops being a boolean goes back to true / false: "1 / empty" is for booleans only.
    expect(flagPatch(withKind(asOriginal, 'text'))).toMatchObject({ kind: 'text', boolean_as: 'true_false' });
    expect(newFlagBody(withKind(asOriginal, 'choice'))).toMatchObject({ kind: 'choice', boolean_as: 'true_false' });
  });

  it('patches the whole flag; an emptied pattern is removed', () => {
    const flag: Flag = {
      id: 3,
      deployment_id: 1,
      boolean_as: 'true_false',
      name: 'Version',
      varname: 'VERSION',
      default: '',
      description: '',
      kind: 'text',
      pattern: '[0-9]+',
      choices: [],
      required: true,
      created_at: '',
      updated_at: '',
    };
    const draft = draftOf(flag);
    expect(draft).toMatchObject({ pattern: '[0-9]+', choices: '', required: true, boolean_as: 'true_false' });
    expect(draftOf({ ...flag, kind: 'boolean', boolean_as: 'one_empty' }).boolean_as).toBe('one_empty');
    expect(flagPatch({ ...draft, pattern: '', required: false, default: '1.0' })).toEqual({
      name: 'Version',
      varname: 'VERSION',
      description: '',
      kind: 'text',
      pattern: '',
      choices: null,
      required: false,
      default: '1.0',
      boolean_as: 'true_false',
    });
  });

  it("places the API's refusal of one choice at the choices field", () => {
    expect(fieldOf('choices[2]')).toBe('choices');
    expect(fieldOf('pattern')).toBe('pattern');
    expect(fieldOf(null)).toBeNull();
  });
});
