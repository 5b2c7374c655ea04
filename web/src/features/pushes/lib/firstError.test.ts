import { describe, expect, it } from 'vitest';
import type { LogLine, LogPage } from '../../../lib/api/types';
import { findFirstError } from './firstError';

/** A log of stages given as [stage, stream] per line (stage null: Rolf's own line), and a counter of reads. */
function log(spec: [number | null, LogLine['stream']][]) {
  const lines: LogLine[] = spec.map(([stage, stream], i) => ({
    seq: i + 1,
    stage,
    stream,
    at: '2026-12-07T00:00:00Z',
    text: `line ${i + 1}`,
  }));
  const reads = { count: 0, lines: 0 };
  const fetchPage = async (after: number, limit: number): Promise<LogPage> => {
    reads.count++;
    const page = lines.slice(after, after + limit);
    reads.lines += page.length;
    return { lines: page, next_after: page[page.length - 1]?.seq ?? after, finished: true } as LogPage;
  };
  return { fetchPage, total: lines.length, reads };
}

const repeat = <T,>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

describe('findFirstError', () => {
  it("finds the failed stage's first stderr line", async () => {
    const l = log([[null, 'system'], ...repeat(50, [0, 'stdout'] as [number, 'stdout']), [1, 'stdout'], [1, 'stdout'], [1, 'stderr'], [1, 'stderr']]);
    expect(await findFirstError(l.fetchPage, l.total, 1)).toBe(54);
  });

  it("settles for the stage's first line when it wrote nothing to stderr", async () => {
    const l = log([[0, 'stderr'], [0, 'stdout'], [1, 'stdout'], [1, 'system'], [2, 'stderr']]);
    expect(await findFirstError(l.fetchPage, l.total, 1)).toBe(3);
  });

  it('is null when the stage printed nothing', async () => {
    const l = log([[0, 'stdout'], [null, 'system']]);
    expect(await findFirstError(l.fetchPage, l.total, 1)).toBeNull();
  });

  it('reads a few lines of a million-line log, not the log', async () => {
    const spec = [...repeat(999_990, [0, 'stdout'] as [number, 'stdout']), [1, 'stdout'], [1, 'stderr']] as [number, LogLine['stream']][];
    const l = log(spec);
    expect(await findFirstError(l.fetchPage, l.total, 1)).toBe(999_992);
    expect(l.reads.count).toBeLessThan(30);
    expect(l.reads.lines).toBeLessThan(2000);
  });
});
