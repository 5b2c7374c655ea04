import { describe, expect, it } from 'vitest';
import { stageProgress } from './progress';

describe('stageProgress', () => {
  const start = '2026-12-01T10:00:00Z';
  const at = (s: number) => Date.parse(start) + s * 1000;

  it('says how long is left against the estimate', () => {
    expect(stageProgress(start, 10, at(4))).toEqual({ elapsed: 4, expected: 10, text: 'about 6 s left' });
  });

  it('fills the bar and says so once past the estimate', () => {
    expect(stageProgress(start, 10, at(12))).toEqual({ elapsed: 10, expected: 10, text: 'taking longer than usual' });
  });

  it('shows nothing without a start or an estimate', () => {
    expect(stageProgress(null, 10, at(1))).toBeNull();
    expect(stageProgress(start, undefined, at(1))).toBeNull();
  });
});
