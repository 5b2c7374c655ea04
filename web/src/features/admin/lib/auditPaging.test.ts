import { describe, expect, it } from 'vitest';
import { FIRST, current, newer, older } from './auditPaging';

describe('audit paging', () => {
  it('goes older by next_before and back newer by the cursors seen', () => {
    let c = FIRST;
    expect(current(c)).toBeNull();
    c = older(c, 120);
    c = older(c, 40);
    expect(current(c)).toBe(40);
    expect(older(c, null)).toBe(c);
    c = newer(c);
    expect(current(c)).toBe(120);
    expect(newer(newer(c))).toEqual(FIRST);
  });
});
