import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, auditFilters } from './auditFilters';

const draft = (d: Partial<typeof EMPTY_DRAFT>) => ({ ...EMPTY_DRAFT, ...d });

describe('audit filters', () => {
  it('sends only the filters given, times as UTC instants of the local times typed', () => {
    expect(auditFilters(EMPTY_DRAFT)).toEqual({ filters: {} });
    const result = auditFilters(draft({ actor: ' ada ', action: 'setting', since: '2026-12-01T09:30', until: '2026-12-02T00:00:15' }));
    expect(result).toEqual({
      filters: {
        actor: 'ada',
        action: 'setting',
        since: new Date('2026-12-01T09:30').toISOString(),
        until: new Date('2026-12-02T00:00:15').toISOString(),
      },
    });
    expect(auditFilters(draft({ action: 'group_mappings.put' }))).toEqual({ filters: { action: 'group_mappings.put' } });
  });

  it('names each field that breaks the rules the spec states, before anything is sent', () => {
    expect(auditFilters(draft({ actor: 'a\u0001b', action: 'Setting.put' }))).toEqual({
      problems: {
        actor: 'must not hold control characters',
        action: 'must be an action such as setting.put, or a kind of object such as setting',
      },
    });
    expect(auditFilters(draft({ actor: 'x'.repeat(257) }))).toEqual({ problems: { actor: 'must be at most 256 characters' } });
    for (const bad of ['setting.', '.put', 'setting.put.x', 'set ting', 'setting-put']) {
      expect(auditFilters(draft({ action: bad })), bad).toHaveProperty('problems.action');
    }
  });

  it('wants real times, and an until after since', () => {
    expect(auditFilters(draft({ since: 'yesterday' }))).toEqual({ problems: { since: 'give a date and time' } });
    expect(auditFilters(draft({ since: '2026-12-02T00:00', until: '2026-12-01T00:00' }))).toEqual({
      problems: { until: 'must be after Since' },
    });
    expect(auditFilters(draft({ since: '2026-12-01T00:00', until: '2026-12-01T00:00' }))).toHaveProperty('problems.until');
    expect(auditFilters(draft({ until: '2026-12-01T00:00' }))).toHaveProperty('filters.until');
  });
});
