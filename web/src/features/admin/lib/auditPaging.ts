// Paging the audit trail: the API pages backwards by `before` (an event id); going back to newer pages needs
// the cursors of the pages seen so far, kept as a stack (the first page has none).
export type Cursors = (number | null)[];

export const FIRST: Cursors = [null];

export const current = (c: Cursors): number | null => c[c.length - 1] ?? null;

export const older = (c: Cursors, nextBefore: number | null | undefined): Cursors =>
  nextBefore ? [...c, nextBefore] : c;

export const newer = (c: Cursors): Cursors => (c.length > 1 ? c.slice(0, -1) : c);
