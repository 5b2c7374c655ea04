import { describe, expect, it } from 'vitest';
import { findLastSeq, LogWindow, PAGE_SIZE, type FetchPage } from './logWindow';
import type { LogLine } from '../../../lib/api/types';

const line = (seq: number): LogLine => ({ seq, stream: 'stdout', at: '2026-12-01T00:00:00Z', text: `line ${seq}` });

/** A fake log of `n` lines; counts the requests. */
function fakeLog(n: number) {
  const calls: { after: number; limit: number }[] = [];
  const fetchPage: FetchPage = async (after, limit) => {
    calls.push({ after, limit });
    const lines: LogLine[] = [];
    for (let s = after + 1; s <= Math.min(n, after + limit); s++) lines.push(line(s));
    return { lines, next_after: lines.length ? after + lines.length : after, finished: true };
  };
  return { fetchPage, calls };
}

describe('findLastSeq', () => {
  it.each([0, 1, 999, 1000, 1001, 4096, 123_457, 1_000_000])('finds the end of a %i-line log', async (n) => {
    const { fetchPage, calls } = fakeLog(n);
    const { last, firstPage } = await findLastSeq(fetchPage);
    expect(last).toBe(n);
    expect(firstPage.lines.length).toBe(Math.min(n, PAGE_SIZE));
    expect(calls.length).toBeLessThanOrEqual(45);
    if (n < PAGE_SIZE) expect(calls.length).toBe(1);
  });
});

describe('LogWindow', () => {
  it('fetches only the pages on screen and keeps memory bounded while scrolling a million lines', async () => {
    const { fetchPage, calls } = fakeLog(1_000_000);
    const w = new LogWindow({ fetchPage, maxPages: 5 });
    w.setTotal(1_000_000);
    await w.ensure(999_950, 999_999);
    expect(w.line(999_999)?.text).toBe('line 1000000');
    expect(calls).toEqual([{ after: 999_000, limit: PAGE_SIZE }]);
    for (let start = 0; start < 20_000; start += 700) await w.ensure(start, start + 60);
    expect(w.heldPages().length).toBeLessThanOrEqual(5);
    expect(w.heldPages()).toContain(999); // the tail stays
    expect(w.line(19_650)?.seq).toBe(19_651);
    expect(w.line(5)).toBeUndefined(); // evicted long ago
  });

  it('fetches a page once however often it is asked for meanwhile', async () => {
    const { fetchPage, calls } = fakeLog(5000);
    const w = new LogWindow({ fetchPage });
    w.setTotal(5000);
    await Promise.all([w.ensure(10, 20), w.ensure(15, 30), w.ensure(0, 999)]);
    expect(calls.length).toBe(1);
    await w.ensure(10, 20);
    expect(calls.length).toBe(1);
  });

  it('adds live lines at the tail and extends the total, and keeps lines that arrive during a fetch', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { fetchPage: inner } = fakeLog(1500);
    const fetchPage: FetchPage = async (after, limit) => {
      await gate;
      return inner(after, limit);
    };
    const w = new LogWindow({ fetchPage });
    w.setTotal(1500);
    const loading = w.ensure(1400, 1499);
    w.append([line(1501), line(1502)]); // arrives while page 1 is being fetched
    release();
    await loading;
    expect(w.total).toBe(1502);
    expect(w.line(1499)?.seq).toBe(1500);
    expect(w.line(1501)?.seq).toBe(1502);
    w.append([line(1503)]);
    expect(w.line(1502)?.text).toBe('line 1503');
    // A new page begun by the stream is held without a fetch.
    const fresh = new LogWindow({ fetchPage });
    fresh.append([line(1), line(2)]);
    expect(fresh.line(1)?.seq).toBe(2);
  });

  it('notifies subscribers on every change', async () => {
    const { fetchPage } = fakeLog(10);
    const w = new LogWindow({ fetchPage });
    let seen = 0;
    w.subscribe(() => seen++);
    w.append([line(1)]);
    w.setTotal(10);
    await w.ensure(0, 9);
    expect(seen).toBe(3);
    expect(w.getVersion()).toBe(3);
  });
});
