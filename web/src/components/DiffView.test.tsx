import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Diff } from '../lib/api/types';
import { DiffView } from './DiffView';

const diff: Diff = {
  push_id: 9,
  against: 7,
  unchanged: false,
  stages: [
    {
      change: 'changed',
      name: 'build',
      position: 0,
      old_position: 0,
      moved: false,
      language: 'bash',
      timeout_changed: false,
      code_diff: '--- build\n+++ build\n@@ -1 +1 @@\n-echo "<b>v1</b>"\n+echo "<b>v2</b>"\n',
    },
  ],
  settings: [{ change: 'changed', name: 'API_KEY', secret: true, old: null, new: null }],
  flags: [{ change: 'changed', name: 'BRANCH', secret: false, old: 'main', new: 'release' }],
};

describe('DiffView', () => {
  it('shows the code diff as text, and a secret only as changed', async () => {
    render(<DiffView diff={diff} level={3} />);
    expect(screen.getByRole('list', { name: 'Stage changes' }).textContent).toContain('~ changed build: code changed');
    await userEvent.click(screen.getByText('Code diff of build'));
    const code = screen.getByLabelText('Code diff of build');
    expect(code.textContent).toBe('--- build\n+++ build\n@@ -1 +1 @@\n-echo "<b>v1</b>"\n+echo "<b>v2</b>"\n');
    expect(code.querySelector('b')).toBeNull();
    const settings = screen.getByRole('table', { name: 'Settings changes' });
    expect(settings.textContent).toContain('secret (not shown)');
    expect(screen.getByRole('table', { name: 'Flags changes' }).textContent).toContain('mainrelease');
  });

  it('says when nothing changed', () => {
    render(<DiffView diff={{ ...diff, unchanged: true, stages: [], settings: [], flags: [] }} level={3} />);
    expect(screen.getByText(/Nothing changed/)).toBeTruthy();
  });
});
