import { describe, expect, it } from 'vitest';
import { move } from './reorder';

describe('move', () => {
  it('moves an item up and down without touching the input', () => {
    const ids = [1, 2, 3, 4];
    expect(move(ids, 2, 1)).toEqual([1, 3, 2, 4]);
    expect(move(ids, 0, 1)).toEqual([2, 1, 3, 4]);
    expect(move(ids, 0, 3)).toEqual([2, 3, 4, 1]);
    expect(ids).toEqual([1, 2, 3, 4]);
  });

  it('clamps a move past either end, and ignores an index outside the list', () => {
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 9)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 5, 0)).toEqual([1, 2, 3]);
  });
});
