import { describe, expect, it } from 'vitest';
import { durationChart, LOOKS, seconds } from './durations';

const push = (id: number, status: string, stages: [string, number | null][]) => ({
  push_id: id,
  status,
  started_at: '',
  finished_at: null,
  stages: stages.map(([name, s]) => ({ name, status: s === null ? 'running' : 'succeeded', seconds: s })),
});

describe('durationChart', () => {
  it('sizes every stage against the longest push and counts a running stage as nothing yet', () => {
    const { bars } = durationChart({
      estimates: [],
      pushes: [push(2, 'running', [['a', 1], ['b', null]]), push(1, 'succeeded', [['a', 1], ['b', 3]])],
    });
    expect(bars.map((b) => b.total)).toEqual([1, 4]);
    expect(bars[1]?.segments.map((s) => s.percent)).toEqual([25, 75]);
    expect(bars[0]?.segments.map((s) => s.percent)).toEqual([25, 0]);
    expect(bars.map((b) => b.status)).toEqual(['running', 'succeeded']);
  });

  it('names each stage once in the legend, and a stage keeps its look in every bar', () => {
    const { bars, legend } = durationChart({
      estimates: [],
      // Newest first: the newest push's order leads; a stage only an older push had comes after.
      pushes: [push(3, 'succeeded', [['build', 2], ['deploy', 1]]), push(2, 'failed', [['lint', 1], ['build', 2], ['deploy', 1]])],
    });
    expect(legend).toEqual([
      { name: 'build', look: 0 },
      { name: 'deploy', look: 1 },
      { name: 'lint', look: 2 },
    ]);
    expect(bars[1]?.segments.map((s) => [s.name, s.look])).toEqual([['lint', 2], ['build', 0], ['deploy', 1]]);
  });

  it('has a look for each of twelve stages before they repeat', () => {
    const names = Array.from({ length: LOOKS + 1 }, (_, i) => `s${i}`);
    const { legend } = durationChart({ estimates: [], pushes: [push(1, 'succeeded', names.map((n) => [n, 1]))] });
    expect(new Set(legend.slice(0, LOOKS).map((e) => e.look)).size).toBe(LOOKS);
    expect(legend[LOOKS]?.look).toBe(0);
  });

  it('handles a deployment that never ran', () => {
    expect(durationChart({ pushes: [], estimates: [] })).toEqual({ bars: [], legend: [] });
    expect(seconds(3.21)).toBe('3.2 s');
    expect(seconds(42.4)).toBe('42 s');
  });
});
