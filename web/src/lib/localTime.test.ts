import { describe, expect, it } from 'vitest';
import { localToIso } from './localTime';

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
