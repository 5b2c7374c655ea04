// How a "what changed" answer (GET /pushes/{id}/diff, GET /deployments/{id}/diff) reads: a few words per stage
// change, each value change's sides, and the kind of each line of a unified code diff. Text only: the page
// renders it as text, never as markup.
import type { StageDiff, ValueChange } from './api/types';

const timeout = (s: number | null | undefined) => (s ? `${s} s` : "the worker's default");

/** What happened to a stage, in a few words: "added", "renamed from build, moved from 2 to 3, code changed". */
export function stageSummary(c: StageDiff): string {
  if (c.change === 'added') return `added as stage ${(c.position ?? 0) + 1} (${c.language})`;
  if (c.change === 'removed') return `removed (was stage ${(c.old_position ?? 0) + 1})`;
  const parts: string[] = [];
  if (c.old_name) parts.push(`renamed from ${c.old_name}`);
  if (c.moved) parts.push(`moved from stage ${(c.old_position ?? 0) + 1} to ${(c.position ?? 0) + 1}`);
  if (c.old_language) parts.push(`language ${c.old_language} → ${c.language}`);
  if (c.timeout_changed) parts.push(`timeout ${timeout(c.old_timeout_seconds)} → ${timeout(c.timeout_seconds)}`);
  if (c.code_diff) parts.push('code changed');
  return parts.join(', ') || 'changed';
}

/** One side of a setting or flag change as shown: a secret's value never is. */
export function sideText(v: ValueChange, side: 'old' | 'new'): string {
  const absent = side === 'old' ? v.change === 'added' : v.change === 'removed';
  if (absent) return '—';
  if (v.secret) return 'secret (not shown)';
  const value = v[side];
  return value === null || value === undefined ? '—' : value;
}

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'header' | 'context';

/** The kind of a unified diff's line, for its style; the +/- stays in the text, so color is never alone. */
export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'context';
}

/** The diff's lines, without the empty one after its last newline. */
export function diffLines(diff: string): string[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
