import { describe, expect, it } from 'vitest';
import type { StageDiff, ValueChange } from './api/types';
import { diffLineKind, diffLines, sideText, stageSummary } from './diff';

const stage = (more: Partial<StageDiff>): StageDiff => ({
  change: 'changed',
  name: 'build',
  moved: false,
  language: 'bash',
  timeout_changed: false,
  position: 1,
  old_position: 1,
  ...more,
});

describe('what changed, in words', () => {
  it('says what happened to a stage', () => {
    expect(stageSummary(stage({ change: 'added', position: 2, old_position: null }))).toBe('added as stage 3 (bash)');
    expect(stageSummary(stage({ change: 'removed', position: null, old_position: 0 }))).toBe('removed (was stage 1)');
    expect(
      stageSummary(
        stage({
          old_name: 'compile',
          moved: true,
          old_position: 0,
          position: 2,
          old_language: 'python',
          timeout_changed: true,
          old_timeout_seconds: null,
          timeout_seconds: 120,
          code_diff: '@@ -1 +1 @@\n-a\n+b\n',
        }),
      ),
    ).toBe("renamed from compile, moved from stage 1 to 3, language python → bash, timeout the worker's default → 120 s, code changed");
  });

  it('never shows a secret value, and marks an absent side', () => {
    const secret: ValueChange = { change: 'changed', name: 'API_KEY', secret: true, old: null, new: null };
    expect(sideText(secret, 'old')).toBe('secret (not shown)');
    const added: ValueChange = { change: 'added', name: 'REGION', secret: false, old: null, new: 'eu' };
    expect([sideText(added, 'old'), sideText(added, 'new')]).toEqual(['—', 'eu']);
    const emptied: ValueChange = { change: 'changed', name: 'X', secret: false, old: 'a', new: '' };
    expect(sideText(emptied, 'new')).toBe('');
  });

  it('tells the lines of a unified diff apart', () => {
    const lines = diffLines('--- build\n+++ build\n@@ -1,2 +1,2 @@\n echo hi\n-echo v1\n+echo v2\n');
    expect(lines.map(diffLineKind)).toEqual(['header', 'header', 'hunk', 'context', 'del', 'add']);
  });
});
