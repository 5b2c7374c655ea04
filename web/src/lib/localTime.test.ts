import { describe, expect, it } from 'vitest';
import { isoToLocal, localToIso } from './localTime';

describe('localToIso', () => {
  it('reads datetime-local values with or without seconds and milliseconds, in the browser time zone', () => {
    expect(localToIso('2026-12-24T08:00')).toBe(new Date('2026-12-24T08:00').toISOString());
    expect(localToIso('2026-12-24T18:00:30')).toBe(new Date('2026-12-24T18:00:30').toISOString());
    expect(localToIso('2026-12-24T18:00:30.250')).toBe(new Date('2026-12-24T18:00:30.250').toISOString());
  });
  it('refuses anything else', () => {
    for (const text of ['', 'tomorrow', '24.12.2026 18:00', '2026-12-24', '2026-12-24T18:00Z', '2026-13-40T25:61']) {
      expect(localToIso(text)).toBeNull();
    }
  });
});

describe('isoToLocal', () => {
  it('gives back the same instant, to the second, through localToIso', () => {
    for (const iso of ['2026-12-24T17:00:30.000Z', '2027-03-28T01:30:00.000Z', '2026-07-01T23:59:59.000Z']) {
      expect(localToIso(isoToLocal(iso))).toBe(iso);
    }
  });
  it('is empty for what is not a time', () => {
    expect(isoToLocal('soon')).toBe('');
  });
});
