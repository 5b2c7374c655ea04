import { describe, expect, it } from 'vitest';
import { localToIso } from '../../../lib/localTime';
import type { Flag, Schedule } from '../../../lib/api/types';
import { draftOf, emptyDraft, scheduleBody, validateSchedule, type ScheduleDraft } from './scheduleForm';

const flag = (extra: Partial<Flag>): Flag =>
  ({ id: 1, varname: 'kind', name: 'Kind', description: '', kind: 'text', default: '', required: false, pattern: null, choices: [], ...extra }) as Flag;
const FLAGS = [
  flag({ id: 1, varname: 'env', name: 'Env', kind: 'choice', choices: ['staging', 'prod'], required: true }),
  flag({ id: 2, varname: 'dry', name: 'Dry run', kind: 'boolean', default: 'false' }),
  flag({ id: 3, varname: 'ref', name: 'Ref', kind: 'text', default: 'main', pattern: '[a-z]+' }),
];
const NOW = Date.parse('2026-12-07T04:00:00Z');
const draft = (extra: Partial<ScheduleDraft>): ScheduleDraft => ({
  ...emptyDraft(FLAGS),
  timezone: 'UTC',
  values: { env: 'prod', dry: 'false', ref: 'main' },
  ...extra,
});

describe('validateSchedule', () => {
  it('needs 5 cron fields and a time zone name for a recurring schedule', () => {
    expect(validateSchedule(FLAGS, draft({ cron: '0 2 * *', timezone: 'Europe Berlin' }), NOW)).toEqual({
      cron: 'must have 5 fields: minute hour day month weekday',
      timezone: 'must be a time zone name such as Europe/Berlin or UTC',
    });
    expect(validateSchedule(FLAGS, draft({ cron: '0 2 * * 1-5', timezone: '' }), NOW)).toEqual({ timezone: 'must not be empty' });
    expect(validateSchedule(FLAGS, draft({ cron: '0 2 * * 1-5' }), NOW)).toEqual({});
  });
  it('needs a time ahead for a one-off', () => {
    expect(validateSchedule(FLAGS, draft({ kind: 'once' }), NOW)).toEqual({ at: 'give a date and time' });
    const past = new Date(NOW - 60_000);
    const ahead = new Date(NOW + 60_000);
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    expect(validateSchedule(FLAGS, draft({ kind: 'once', at: local(past) }), NOW)).toEqual({ at: 'must be in the future' });
    expect(validateSchedule(FLAGS, draft({ kind: 'once', at: local(ahead) }), NOW)).toEqual({});
  });
  it('checks the flags by their rules and the catch-up range', () => {
    const found = validateSchedule(FLAGS, draft({ cron: '0 2 * * *', values: { env: '', dry: 'false', ref: 'Main' }, catchUp: '1441' }), NOW);
    expect(found).toEqual({
      'flags.env': 'required: choose one',
      'flags.ref': "must match the flag's pattern [a-z]+",
      catch_up_minutes: 'must be at most 1440',
    });
    expect(validateSchedule(FLAGS, draft({ cron: '0 2 * * *', catchUp: 'soon' }), NOW)).toEqual({ catch_up_minutes: 'must be a whole number' });
  });
});

describe('scheduleBody', () => {
  it('sends cron and time zone, or the instant, with the flags that differ and the required ones', () => {
    expect(scheduleBody(FLAGS, draft({ cron: ' 0 2 * * * ', comment: 'nightly' }))).toEqual({
      cron: '0 2 * * *',
      timezone: 'UTC',
      comment: 'nightly',
      enabled: true,
      catch_up_minutes: 15,
      flags: { env: 'prod' },
    });
    const body = scheduleBody(FLAGS, draft({ kind: 'once', at: '2026-12-24T18:00:30', values: { env: 'prod', dry: 'true', ref: 'main' } }));
    expect(body.at).toBe(localToIso('2026-12-24T18:00:30'));
    expect(body.cron).toBeUndefined();
    expect(body.flags).toEqual({ env: 'prod', dry: 'true' });
  });
});

describe('draftOf', () => {
  // The spec says no more of `flags` than "an object"; here, flag values by varname.
  const stored = (extra: Partial<Omit<Schedule, 'flags'>> & { flags?: Record<string, string> }): Schedule =>
    ({
      id: 4,
      deployment_id: 1,
      owner: 'ann',
      cron: null,
      timezone: null,
      at: null,
      flags: {},
      comment: 'nightly',
      enabled: false,
      catch_up_minutes: 30,
      created_at: '2026-12-01T00:00:00Z',
      next_fires: [],
      recent_runs: [],
      ...extra,
    }) as Schedule;

  it('opens a recurring schedule as it is, its flags over their defaults, and sends back the same body', () => {
    const s = stored({ cron: '0 2 * * 1-5', timezone: 'Europe/Berlin', flags: { env: 'prod', ref: 'hotfix' } });
    const d = draftOf(FLAGS, s);
    expect(d).toMatchObject({ kind: 'recurring', cron: '0 2 * * 1-5', timezone: 'Europe/Berlin', comment: 'nightly', enabled: false, catchUp: '30' });
    expect(d.values).toEqual({ env: 'prod', dry: 'false', ref: 'hotfix' });
    expect(scheduleBody(FLAGS, d)).toEqual({
      cron: '0 2 * * 1-5',
      timezone: 'Europe/Berlin',
      flags: { env: 'prod', ref: 'hotfix' },
      comment: 'nightly',
      enabled: false,
      catch_up_minutes: 30,
    });
  });
  it('opens a one-off at its time, in the browser time zone, which reads back as the same instant', () => {
    const d = draftOf(FLAGS, stored({ at: '2026-12-24T17:00:30.000Z', flags: { env: 'staging' } }));
    expect(d.kind).toBe('once');
    expect(localToIso(d.at)).toBe('2026-12-24T17:00:30.000Z');
    expect(scheduleBody(FLAGS, d).at).toBe('2026-12-24T17:00:30.000Z');
  });
});
