/** How far a running stage is against the median of its recent successful runs. */
export type Progress = { elapsed: number; expected: number; text: string };

export function stageProgress(startedAt: string | null | undefined, expected: number | undefined, now: number): Progress | null {
  if (!startedAt || expected === undefined || expected <= 0) return null;
  const elapsed = Math.max(0, (now - Date.parse(startedAt)) / 1000);
  const left = expected - elapsed;
  const text = left > 0 ? `about ${Math.ceil(left)} s left` : 'taking longer than usual';
  return { elapsed: Math.min(elapsed, expected), expected, text };
}
