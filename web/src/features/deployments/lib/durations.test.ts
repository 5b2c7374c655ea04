import { describe, expect, it } from 'vitest';
import { durationBars, seconds } from './durations';

describe('durationBars', () => {
  it('sizes every stage against the longest push and counts a running stage as nothing yet', () => {
    const bars = durationBars({
      estimates: [],
      pushes: [
        { push_id: 2, status: 'running', started_at: '', finished_at: null, stages: [
          { name: 'a', status: 'succeeded', seconds: 1 },
          { name: 'b', status: 'running', seconds: null },
        ] },
        { push_id: 1, status: 'succeeded', started_at: '', finished_at: '', stages: [
          { name: 'a', status: 'succeeded', seconds: 1 },
          { name: 'b', status: 'succeeded', seconds: 3 },
        ] },
      ],
    });
    expect(bars.map((b) => b.total)).toEqual([1, 4]);
    expect(bars[1]?.segments.map((s) => s.percent)).toEqual([25, 75]);
    expect(bars[0]?.segments.map((s) => s.percent)).toEqual([25, 0]);
  });

  it('handles a deployment that never ran', () => {
    expect(durationBars({ pushes: [], estimates: [] })).toEqual([]);
    expect(seconds(3.21)).toBe('3.2 s');
    expect(seconds(42.4)).toBe('42 s');
  });
});
