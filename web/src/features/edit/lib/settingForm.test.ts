import { describe, expect, it } from 'vitest';
import { validateSetting } from './settingForm';

describe('a setting', () => {
  it('is named like an environment variable, not ROLF_*, and its value has no NUL', () => {
    expect(validateSetting('DB_HOST', 'db')).toEqual({});
    expect(validateSetting('ROLF_TOKEN', 'x').name).toBe('must not start with ROLF_');
    expect(validateSetting('PATH', 'x').name).toBe('has characters that are not allowed here');
    expect(validateSetting('', 'x').name).toBe('must not be empty');
    expect(validateSetting('A', 'a\u0000').value).toBe('has characters that are not allowed here');
  });
});
