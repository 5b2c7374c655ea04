import { describe, expect, it } from 'vitest';
import type { FreezeWindow } from '../../../lib/api/types';
import { freezeInEffect } from './frozen';

const window = (starts: string, ends: string, reason = 'release'): FreezeWindow => ({
  freeze_id: 1,
  reason,
  starts_at: starts,
  ends_at: ends,
});
const at = (iso: string) => Date.parse(iso);

describe('freezeInEffect', () => {
  const now = window('2026-12-24T00:00:00Z', '2026-12-26T00:00:00Z', 'holidays');
  const next = window('2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z', 'new year');

  it('is the window in effect while it lasts, and nothing once it has ended', () => {
    expect(freezeInEffect({ frozen: now, next_freeze: next }, at('2026-12-25T12:00:00Z'))).toBe(now);
    expect(freezeInEffect({ frozen: now, next_freeze: next }, at('2026-12-26T00:00:00Z'))).toBeNull();
  });
  it('is the next window from its start to its end', () => {
    expect(freezeInEffect({ frozen: null, next_freeze: next }, at('2026-12-30T23:59:59Z'))).toBeNull();
    expect(freezeInEffect({ frozen: null, next_freeze: next }, at('2026-12-31T00:00:00Z'))).toBe(next);
    expect(freezeInEffect({ frozen: null, next_freeze: next }, at('2027-01-02T00:00:00Z'))).toBeNull();
  });
  it('is nothing without windows', () => {
    expect(freezeInEffect({ frozen: null, next_freeze: null }, at('2026-12-25T00:00:00Z'))).toBeNull();
  });
});
