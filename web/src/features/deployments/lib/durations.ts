import type { DeploymentStats } from '../../../lib/api/types';

export type Segment = { name: string; status: string; seconds: number; percent: number };
export type Bar = { pushId: number; status: string; total: number; segments: Segment[] };

/** One bar per push, its stages as segments sized against the longest push shown (running stages count 0). */
export function durationBars(stats: DeploymentStats): Bar[] {
  const bars = stats.pushes.map((p) => {
    const segments = p.stages.map((s) => ({ name: s.name, status: s.status, seconds: s.seconds ?? 0, percent: 0 }));
    return { pushId: p.push_id, status: p.status, total: segments.reduce((sum, s) => sum + s.seconds, 0), segments };
  });
  const longest = Math.max(0, ...bars.map((b) => b.total));
  for (const bar of bars) {
    for (const s of bar.segments) s.percent = longest > 0 ? (100 * s.seconds) / longest : 0;
  }
  return bars;
}

export function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(1)} s` : `${Math.round(value)} s`;
}
