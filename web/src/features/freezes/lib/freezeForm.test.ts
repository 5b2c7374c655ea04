import { describe, expect, it } from 'vitest';
import { emptyDraft, freezeBody, minutesText, scopeText, validateFreeze, type FreezeDraft } from './freezeForm';

const draft = (extra: Partial<FreezeDraft>): FreezeDraft => ({ ...emptyDraft(), reason: 'release', ...extra });

describe('validateFreeze', () => {
  it('needs a reason and both ends of a one-off window, the end after the start', () => {
    expect(validateFreeze(draft({ reason: ' ' }))).toMatchObject({
      reason: expect.any(String),
      starts_at: expect.any(String),
      ends_at: expect.any(String),
    });
    expect(validateFreeze(draft({ starts: '2026-12-24T18:00', ends: '2026-12-24T08:00' }))).toEqual({
      ends_at: 'must be after the start',
    });
    expect(validateFreeze(draft({ starts: '2026-12-24T08:00', ends: '2026-12-26T08:00' }))).toEqual({});
  });
  it('needs 5 cron fields, a duration in range and a time zone name for a recurring window', () => {
    const found = validateFreeze(draft({ kind: 'recurring', cron: '0 18 * *', duration: '0', timezone: 'Europe Berlin' }));
    expect(found).toEqual({
      cron: 'must have 5 fields: minute hour day month weekday',
      duration_minutes: 'must be at least 1',
      timezone: 'must be a time zone name such as Europe/Berlin or UTC',
    });
    expect(validateFreeze(draft({ kind: 'recurring', cron: '0 18 * * 5', duration: '3900', timezone: 'UTC' }))).toEqual({});
  });
  it('needs the chosen scope', () => {
    expect(validateFreeze(draft({ starts: '2026-12-24T08:00', ends: '2026-12-25T08:00', scope: 'deployment' }))).toEqual({
      scope: 'choose the deployment',
    });
  });
});

describe('freezeBody', () => {
  it('sends a one-off window as instants, with its scope', () => {
    const body = freezeBody(draft({ starts: '2026-12-24T08:00', ends: '2026-12-25T08:00', scope: 'deployment', scopeId: '12' }));
    expect(body).toEqual({
      reason: 'release',
      starts_at: new Date('2026-12-24T08:00').toISOString(),
      ends_at: new Date('2026-12-25T08:00').toISOString(),
      deployment_id: 12,
    });
  });
  it('sends a recurring window as cron, minutes and zone, on everything', () => {
    expect(freezeBody(draft({ kind: 'recurring', cron: ' 0 18 * * 5 ', duration: '90', timezone: 'UTC' }))).toEqual({
      reason: 'release',
      cron: '0 18 * * 5',
      duration_minutes: 90,
      timezone: 'UTC',
    });
  });
});

describe('words', () => {
  it('names the scope', () => {
    const names = { categories: new Map([[1, 'web']]), applications: new Map(), deployments: new Map([[3, 'shop/prod']]) };
    expect(scopeText({ deployment_id: 3 }, names)).toBe('deployment shop/prod');
    expect(scopeText({ category_id: 1 }, names)).toBe('category web');
    expect(scopeText({ application_id: 9 }, names)).toBe('application #9');
    expect(scopeText({}, names)).toBe('every deployment');
  });
  it('says durations', () => {
    expect(minutesText(90)).toBe('1 hour 30 minutes');
    expect(minutesText(2 * 1440 + 60)).toBe('2 days 1 hour');
  });
});
