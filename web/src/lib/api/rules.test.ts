import { describe, expect, it } from 'vitest';
import { breaks, paramRuleFor, queryRuleFor, ruleFor } from './rules';

describe('rules from the spec', () => {
  it('knows the limits the API states', () => {
    expect(ruleFor('SettingInput', 'value')?.maxLength).toBe(65536);
    expect(ruleFor('NoSuchSchema', 'x')).toBeUndefined();
  });

  it('reports the first rule a value breaks', () => {
    const value = ruleFor('SettingInput', 'value');
    expect(breaks(value, 'db.internal')).toBeNull();
    expect(breaks(value, 'x'.repeat(65537))).toBe('must be at most 65536 characters');
    expect(breaks(value, 'a\u0000b')).toBe('has characters that are not allowed here');
    const name = ruleFor('CategoryInput', 'name');
    expect(breaks(name, '')).toBe('must not be empty');
    expect(breaks(name, '   ')).toBe('has characters that are not allowed here');
    expect(breaks(name, 'a/b')).toBe('has characters that are not allowed here');
    expect(breaks(name, 'web shop')).toBeNull();
  });

  it('knows the rules of array items and of path parameters', () => {
    expect(breaks(ruleFor('Mappings', 'mappings[]'), '')).toBe('must not be empty');
    expect(breaks(ruleFor('Mappings', 'mappings[]'), 'cn=ops,ou=groups')).toBeNull();
    const setting = paramRuleFor('/api/v1/deployments/{id}/settings/{name}', 'name');
    expect(breaks(setting, 'DB_HOST')).toBeNull();
    expect(breaks(setting, 'ROLF_X')).toBe('has characters that are not allowed here');
    expect(breaks(setting, '1X')).toBe('has characters that are not allowed here');
  });

  it('knows the rules of query parameters', () => {
    const action = queryRuleFor('/api/v1/audit', 'action');
    expect(breaks(action, 'setting.put')).toBeNull();
    expect(breaks(action, 'setting')).toBeNull();
    expect(breaks(action, 'Setting')).toBe('has characters that are not allowed here');
    expect(breaks(queryRuleFor('/api/v1/audit', 'actor'), 'a\u0001b')).toBe('has characters that are not allowed here');
    expect(queryRuleFor('/api/v1/audit', 'limit')?.maximum).toBe(500);
    expect(queryRuleFor('/api/v1/audit', 'nothing')).toBeUndefined();
  });
});
