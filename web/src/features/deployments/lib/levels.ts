import type { Level } from '../../../lib/api/types';

const RANK: Record<Level, number> = { view: 0, push: 1, edit: 2 };

/** `edit` includes `push` includes `view`. Admins may do everything. */
export function allows(level: Level | undefined, needed: Level, admin = false): boolean {
  if (admin) return true;
  return level !== undefined && RANK[level] >= RANK[needed];
}
