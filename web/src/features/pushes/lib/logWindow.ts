// The lines of one push's log as the viewer needs them: only the pages near what is on screen are held (memory
// stays bounded however long the log), fetched on demand by seq, and live lines are added as they come.
// Row i shows seq i + 1: seqs of a push start at 1 and have no gaps, so a page is `after = first seq - 1`.
import type { LogLine, LogPage } from '../../../lib/api/types';

export const PAGE_SIZE = 1000;

export type FetchPage = (after: number, limit: number, signal?: AbortSignal) => Promise<LogPage>;

export interface LogWindowOptions {
  fetchPage: FetchPage;
  /** Pages kept in memory at most (plus the ones being shown). */
  maxPages?: number;
}

export class LogWindow {
  /** The highest seq known: the number of rows. */
  total = 0;
  private pages = new Map<number, (LogLine | undefined)[]>();
  /** Pages whose fetch is under way. */
  private loading = new Map<number, Promise<void>>();
  private used = new Map<number, number>();
  private clock = 0;
  private listeners = new Set<() => void>();
  private version = 0;
  private readonly fetchPage: FetchPage;
  private readonly maxPages: number;
  error: unknown = null;

  constructor(options: LogWindowOptions) {
    this.fetchPage = options.fetchPage;
    this.maxPages = options.maxPages ?? 40;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    this.listeners.forEach((l) => l());
  }

  /** The line of row `index` (seq index + 1), if its page is here. */
  line(index: number): LogLine | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }

  /** Pages held now (for tests and the memory bound). */
  heldPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }

  /** Live lines from the stream. They extend the total; they are kept where their page is held or being fetched,
   *  or when they start a new page right after the known end (the tail a follower watches). */
  append(lines: LogLine[]): void {
    if (!lines.length) return;
    for (const line of lines) {
      const index = line.seq - 1;
      const p = Math.floor(index / PAGE_SIZE);
      let page = this.pages.get(p);
      if (!page && (this.loading.has(p) || (index % PAGE_SIZE === 0 && line.seq === this.total + 1))) {
        page = [];
        this.pages.set(p, page);
      }
      if (page) page[index % PAGE_SIZE] = line;
      if (line.seq > this.total) this.total = line.seq;
    }
    this.evict(new Set());
    this.changed();
  }

  /** Stores lines fetched elsewhere (the first page read while finding the end). */
  addFetched(page: LogPage): void {
    for (const line of page.lines) {
      const index = line.seq - 1;
      const p = Math.floor(index / PAGE_SIZE);
      const held = this.pages.get(p) ?? [];
      held[index % PAGE_SIZE] = line;
      this.pages.set(p, held);
      if (line.seq > this.total) this.total = line.seq;
    }
    this.changed();
  }

  /** Sets the total known from elsewhere (the probe of the last seq). */
  setTotal(total: number): void {
    if (total > this.total) {
      this.total = total;
      this.changed();
    }
  }

  /** Makes sure rows [first, last] are held, fetching missing pages; evicts pages far from them. */
  ensure(first: number, last: number): Promise<void> {
    if (this.total === 0) return Promise.resolve();
    const from = Math.max(0, Math.floor(first / PAGE_SIZE));
    const to = Math.min(Math.floor((this.total - 1) / PAGE_SIZE), Math.floor(Math.max(last, first) / PAGE_SIZE));
    const wanted = new Set<number>();
    const waits: Promise<void>[] = [];
    for (let p = from; p <= to; p++) {
      wanted.add(p);
      this.used.set(p, ++this.clock);
      const page = this.pages.get(p);
      const full = page && this.isComplete(p, page);
      if (full) continue;
      waits.push(this.load(p));
    }
    this.evict(wanted);
    return Promise.all(waits).then(() => undefined);
  }

  private isComplete(p: number, page: (LogLine | undefined)[]): boolean {
    const size = Math.min(PAGE_SIZE, this.total - p * PAGE_SIZE);
    for (let i = 0; i < size; i++) if (!page[i]) return false;
    return true;
  }

  private load(p: number): Promise<void> {
    const pending = this.loading.get(p);
    if (pending) return pending;
    const after = p * PAGE_SIZE;
    const promise = this.fetchPage(after, PAGE_SIZE)
      .then((result) => {
        const page = this.pages.get(p) ?? [];
        for (const line of result.lines) {
          const index = line.seq - 1;
          if (Math.floor(index / PAGE_SIZE) !== p) continue;
          page[index % PAGE_SIZE] = line;
          if (line.seq > this.total) this.total = line.seq;
        }
        this.pages.set(p, page);
        this.used.set(p, ++this.clock);
        this.evict(new Set([p]));
        this.error = null;
        this.changed();
      })
      .catch((e: unknown) => {
        this.error = e;
        this.changed();
      })
      .finally(() => this.loading.delete(p));
    this.loading.set(p, promise);
    return promise;
  }

  /** Drops the least recently used pages past the bound, never one in `keep` nor the last page. */
  private evict(keep: Set<number>): void {
    if (this.pages.size <= this.maxPages) return;
    const lastPage = Math.floor(Math.max(this.total - 1, 0) / PAGE_SIZE);
    const candidates = [...this.pages.keys()]
      .filter((p) => !keep.has(p) && p !== lastPage)
      .sort((a, b) => (this.used.get(a) ?? 0) - (this.used.get(b) ?? 0));
    while (this.pages.size > this.maxPages && candidates.length) {
      const p = candidates.shift();
      if (p !== undefined) this.pages.delete(p);
    }
  }
}

/** The highest seq of a push's log (0 when it has none). One page answers for a short log (and is returned to
 *  be kept); a longer one is found with one-line pages: `after` doubles until a page comes back empty, then
 *  bisects, about 2·log2(n) small requests (40 for a million lines). */
export async function findLastSeq(
  fetchPage: FetchPage,
  signal?: AbortSignal,
): Promise<{ last: number; firstPage: LogPage }> {
  const firstPage = await fetchPage(0, PAGE_SIZE, signal);
  const tail = firstPage.lines[firstPage.lines.length - 1];
  if (!tail) return { last: 0, firstPage };
  if (firstPage.lines.length < PAGE_SIZE) return { last: tail.seq, firstPage };
  const probe = async (after: number): Promise<number | null> => {
    const page = await fetchPage(after, 1, signal);
    return page.lines[0]?.seq ?? null;
  };
  let low = tail.seq; // a seq that exists
  let step = PAGE_SIZE;
  let high: number | null = null; // an `after` with no line past it
  while (high === null) {
    const seq = await probe(low + step - 1);
    if (seq === null) high = low + step - 1;
    else {
      low = seq;
      step *= 2;
    }
  }
  while (high > low) {
    const mid = Math.floor((low + high + 1) / 2);
    const seq = await probe(mid - 1);
    if (seq === null) high = mid - 1;
    else low = seq;
  }
  return { last: low, firstPage };
}
