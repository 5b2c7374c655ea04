// "Jump to the first error" in a log of any length, without reading it all: stages run one after another, so a
// line's stage never goes down as its seq goes up. A binary search over seqs finds where the failed stage starts
// (a line per probe); from there a few pages are read for its first stderr line.
import type { LogLine } from '../../../lib/api/types';
import type { FetchPage } from './logWindow';

/** Pages of the failed stage read for a stderr line before settling for the stage's first line. */
const SCAN_PAGES = 20;
const SCAN_PAGE = 1000;
/** Lines read per probe: Rolf's own lines carry no stage, so a probe takes the first one that does. */
const PROBE = 20;

/** The stage of the first line at or after `seq` that has one; null past the end (or only stageless lines). */
async function stageAt(fetchPage: FetchPage, seq: number, signal?: AbortSignal): Promise<LogLine | null> {
  const page = await fetchPage(seq - 1, PROBE, signal);
  return page.lines.find((l) => l.stage !== null && l.stage !== undefined) ?? null;
}

/** The seq to show for the failed stage at `position` of a log of `total` lines: its first stderr line, else its
 *  first line; null when the log has no line of that stage. */
export async function findFirstError(
  fetchPage: FetchPage,
  total: number,
  position: number,
  signal?: AbortSignal,
): Promise<number | null> {
  // The first seq whose (next staged) line belongs to `position` or a later stage.
  let low = 1;
  let high = total + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const line = await stageAt(fetchPage, mid, signal);
    if (line === null || (line.stage ?? -1) >= position) high = mid;
    else low = mid + 1;
  }
  if (low > total) return null;
  let after = low - 1;
  let start: number | null = null;
  for (let i = 0; i < SCAN_PAGES; i++) {
    const page = await fetchPage(after, SCAN_PAGE, signal);
    for (const line of page.lines) {
      if (line.stage === null || line.stage === undefined) continue;
      if (line.stage > position) return start;
      if (line.stage < position) continue;
      start ??= line.seq;
      if (line.stream === 'stderr') return line.seq;
    }
    const last = page.lines[page.lines.length - 1];
    if (!last || page.lines.length < SCAN_PAGE) break;
    after = last.seq;
  }
  return start;
}
