import type { DeploymentStats, PushStatus } from '../../../lib/api/types';

/** How many segment looks the chart has (colour and pattern, `segment-0` to `segment-11`) before they repeat. */
export const LOOKS = 12;

export type Segment = { name: string; status: string; seconds: number; percent: number; look: number };
export type Bar = { pushId: number; status: PushStatus; total: number; segments: Segment[] };
export type LegendEntry = { name: string; look: number };
export type DurationChart = { bars: Bar[]; legend: LegendEntry[] };

/**
 * One bar per push, its stages as segments sized against the longest push shown (running stages count 0), and a
 * legend: each stage name once, in the order of the newest push (names only older pushes had come after). A stage
 * keeps its look (colour and pattern) in every bar, so the legend names it wherever it appears.
 */
export function durationChart(stats: DeploymentStats): DurationChart {
  const looks = new Map<string, number>();
  for (const p of stats.pushes) {
    for (const s of p.stages) if (!looks.has(s.name)) looks.set(s.name, looks.size % LOOKS);
  }
  const bars = stats.pushes.map((p) => {
    const segments = p.stages.map((s) => ({
      name: s.name,
      status: s.status,
      seconds: s.seconds ?? 0,
      percent: 0,
      look: looks.get(s.name) ?? 0,
    }));
    // The stats schema types a push's status as a plain string; it holds the same words as PushStatus (and
    // <Status> shows a word it does not know with a neutral icon).
    return { pushId: p.push_id, status: p.status as PushStatus, total: segments.reduce((sum, s) => sum + s.seconds, 0), segments };
  });
  const longest = Math.max(0, ...bars.map((b) => b.total));
  for (const bar of bars) {
    for (const s of bar.segments) s.percent = longest > 0 ? (100 * s.seconds) / longest : 0;
  }
  return { bars, legend: [...looks].map(([name, look]) => ({ name, look })) };
}

export function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(1)} s` : `${Math.round(value)} s`;
}
