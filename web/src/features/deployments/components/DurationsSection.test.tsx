import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { DeploymentStats } from '../../../lib/api/types';
import { DurationsSection } from './DurationsSection';

const stats: DeploymentStats = {
  estimates: [],
  pushes: [
    {
      push_id: 9,
      status: 'failed',
      started_at: '2026-12-01T10:00:00Z',
      finished_at: '2026-12-01T10:00:05Z',
      stages: [
        { name: 'build', status: 'succeeded', seconds: 3 },
        { name: 'deploy', status: 'failed', seconds: 2 },
      ],
    },
    {
      push_id: 8,
      status: 'succeeded',
      started_at: '2026-12-01T09:00:00Z',
      finished_at: '2026-12-01T09:00:04Z',
      stages: [{ name: 'build', status: 'succeeded', seconds: 4 }],
    },
  ],
};

describe('DurationsSection', () => {
  it('names the stages in a legend and gives each bar its status as icon and word and its figures as text', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(stats), { headers: { 'content-type': 'application/json' } }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <DurationsSection id={3} />
      </QueryClientProvider>,
    );
    const legend = await screen.findByRole('list', { name: 'Stages in the chart' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual(['build', 'deploy']);
    const bars = within(screen.getByRole('list', { name: 'Durations of the latest pushes' })).getAllByRole('listitem');
    expect(bars[0]?.textContent).toBe('#9 ✗ failed, 5.0 sbuild 3.0 s · deploy 2.0 s');
    expect(bars[1]?.textContent).toBe('#8 ✓ succeeded, 4.0 sbuild 4.0 s');
    // The visible text under the bar is what names a segment, not its colour; build looks the same in both bars.
    const look = (bar: HTMLElement | undefined, i: number) => bar?.querySelectorAll('.segment')[i]?.className;
    expect(look(bars[0], 0)).toBe(look(bars[1], 0));
    expect(look(bars[0], 1)).not.toBe(look(bars[0], 0));
    vi.unstubAllGlobals();
  });
});
