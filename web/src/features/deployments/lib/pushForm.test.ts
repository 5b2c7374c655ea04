import { describe, expect, it } from 'vitest';
import type { Flag } from '../../../lib/api/types';
import { initialFlagValues, pushBody, validatePush } from './pushForm';

const flag = (varname: string, def: string, more: Partial<Flag> = {}): Flag => ({
  id: varname.length,
  deployment_id: 1,
  boolean_as: 'true_false',
  name: varname.toLowerCase(),
  varname,
  default: def,
  kind: 'text',
  pattern: null,
  choices: [],
  required: false,
  description: '',
  created_at: '',
  updated_at: '',
  ...more,
});

describe('push form', () => {
  const flags = [flag('BRANCH', 'main'), flag('DRY_RUN', 'false', { kind: 'boolean' })];

  it('starts from the defaults', () => {
    expect(initialFlagValues(flags)).toEqual({ BRANCH: 'main', DRY_RUN: 'false' });
  });

  it('sends only the flags that differ from their defaults', () => {
    expect(pushBody(flags, { BRANCH: 'main', DRY_RUN: 'false' }, '')).toEqual({ comment: '' });
    expect(pushBody(flags, { BRANCH: 'release-1.4', DRY_RUN: 'true' }, 'go')).toEqual({
      comment: 'go',
      flags: { BRANCH: 'release-1.4', DRY_RUN: 'true' },
    });
    expect(pushBody(flags, initialFlagValues(flags), '', true)).toEqual({ comment: '', step: true });
  });

  it('refuses what the API refuses, by field', () => {
    expect(validatePush(flags, { BRANCH: 'x', DRY_RUN: 'yes' }, 'ok')).toEqual({
      'flags.DRY_RUN': 'a boolean flag is "true" or "false"',
    });
    const long = 'é'.repeat(5001); // 10,002 bytes
    expect(Object.keys(validatePush(flags, { BRANCH: long, DRY_RUN: 'true' }, long))).toEqual(['comment', 'flags.BRANCH']);
    expect(validatePush(flags, initialFlagValues(flags), 'x'.repeat(10_000))).toEqual({});
  });

  it('checks a text flag against its whole pattern, a choice against its choices', () => {
    const typed = [
      flag('VERSION', '1.0', { pattern: '[0-9]+\\.[0-9]+' }),
      flag('REGION', 'eu', { kind: 'choice', choices: ['eu', 'us'] }),
    ];
    expect(validatePush(typed, { VERSION: '1.4', REGION: 'us' }, '')).toEqual({});
    expect(validatePush(typed, { VERSION: 'v1.4', REGION: 'asia' }, '')).toEqual({
      'flags.VERSION': "must match the flag's pattern [0-9]+\\.[0-9]+",
      'flags.REGION': "must be one of the flag's choices: eu, us",
    });
    // A pattern JavaScript cannot compile is the API's to check.
    expect(validatePush([flag('X', '', { pattern: '(?i)abc' })], { X: 'ABC' }, '')).toEqual({});
  });

  it('wants every required flag filled, and always sends it', () => {
    const required = [
      flag('TICKET', '', { required: true }),
      flag('TARGET', '', { kind: 'choice', choices: ['a', 'b'], required: true }),
    ];
    const initial = initialFlagValues(required);
    expect(initial).toEqual({ TICKET: '', TARGET: '' });
    expect(validatePush(required, initial, '')).toEqual({
      'flags.TICKET': 'required: give a value',
      'flags.TARGET': 'required: choose one',
    });
    expect(validatePush(required, { TICKET: 'OPS-1', TARGET: 'b' }, '')).toEqual({});
    expect(pushBody(required, { TICKET: 'OPS-1', TARGET: 'b' }, '')).toEqual({
      comment: '',
      flags: { TICKET: 'OPS-1', TARGET: 'b' },
    });
  });
});
