import { describe, expect, it } from 'vitest';
import { cronText, ruleText, utcText } from './rule';

describe('cronText', () => {
  it('says the common shapes in words', () => {
    expect(cronText('* * * * *')).toBe('every minute');
    expect(cronText('*/15 * * * *')).toBe('every 15 minutes');
    expect(cronText('5 * * * *')).toBe('every hour at minute 5');
    expect(cronText('0 2 * * *')).toBe('every day at 02:00');
    expect(cronText('30 */6 * * *')).toBe('every 6 hours at minute 30');
    expect(cronText('0 2 * * 1-5')).toBe('every weekday at 02:00');
    expect(cronText('0 18 * * 5')).toBe('every Friday at 18:00');
    expect(cronText('0 18 * * 0')).toBe('every Sunday at 18:00');
    expect(cronText('0 18 * * 7')).toBe('every Sunday at 18:00');
    expect(cronText('0 9 * * mon,thu')).toBe('every Monday and Thursday at 09:00');
    expect(cronText('0 9 * * 1,3,5')).toBe('every Monday, Wednesday and Friday at 09:00');
    expect(cronText('0 9 * * 6-0')).toBe('every Saturday to Sunday at 09:00');
    expect(cronText('15 3 1 * *')).toBe('on the 1st of every month at 03:15');
    expect(cronText('15 3 22 * *')).toBe('on the 22nd of every month at 03:15');
    expect(cronText('15 3 11 * *')).toBe('on the 11th of every month at 03:15');
    expect(cronText('0 0 24 12 *')).toBe('every December 24 at 00:00');
  });
  it('gives up on anything else', () => {
    expect(cronText('0 2-4 * * *')).toBeNull();
    expect(cronText('0 2 1 * 1')).toBeNull();
    expect(cronText('0 2 * * 1-x')).toBeNull();
    expect(cronText('61 2 * * *')).toBeNull();
    expect(cronText('0 2 * *')).toBeNull();
  });
});

describe('ruleText', () => {
  it('adds the time zone, falls back to the pattern, and says once for a one-off', () => {
    expect(ruleText({ cron: '0 2 * * 1-5', timezone: 'Europe/Berlin', at: null })).toBe('every weekday at 02:00 (Europe/Berlin)');
    expect(ruleText({ cron: '0 2-4 * * *', timezone: 'UTC', at: null })).toBe('by the cron pattern 0 2-4 * * * (UTC)');
    expect(ruleText({ cron: null, timezone: null, at: '2026-12-24T18:00:00Z' })).toBe('once');
  });
});

describe('utcText', () => {
  it('is the instant in UTC to the second', () => {
    expect(utcText('2026-12-24T18:00:05+01:00')).toBe('2026-12-24 17:00:05 UTC');
  });
});
