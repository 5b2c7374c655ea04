import { describe, expect, it } from 'vitest';
import type { Flag } from '../../../lib/api/types';
import { initialFlagValues, pushBody, validatePush } from './pushForm';

const flag = (varname: string, def: string, boolean = false): Flag => ({
  id: varname.length,
  deployment_id: 1,
  name: varname.toLowerCase(),
  varname,
  default: def,
  boolean,
  description: '',
  created_at: '',
  updated_at: '',
});

describe('push form', () => {
  const flags = [flag('BRANCH', 'main'), flag('DRY_RUN', 'false', true)];

  it('starts from the defaults', () => {
    expect(initialFlagValues(flags)).toEqual({ BRANCH: 'main', DRY_RUN: 'false' });
  });

  it('sends only the flags that differ from their defaults', () => {
    expect(pushBody(flags, { BRANCH: 'main', DRY_RUN: 'false' }, '')).toEqual({ comment: '' });
    expect(pushBody(flags, { BRANCH: 'release-1.4', DRY_RUN: 'true' }, 'go')).toEqual({
      comment: 'go',
      flags: { BRANCH: 'release-1.4', DRY_RUN: 'true' },
    });
  });

  it('refuses what the API refuses, by field', () => {
    expect(validatePush(flags, { BRANCH: 'x', DRY_RUN: 'yes' }, 'ok')).toEqual({
      'flags.DRY_RUN': 'a boolean flag is "true" or "false"',
    });
    const long = 'é'.repeat(5001); // 10,002 bytes
    expect(Object.keys(validatePush(flags, { BRANCH: long, DRY_RUN: 'true' }, long))).toEqual(['comment', 'flags.BRANCH']);
    expect(validatePush(flags, initialFlagValues(flags), 'x'.repeat(10_000))).toEqual({});
  });
});
