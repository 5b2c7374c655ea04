import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../lib/api/types';
import { QueryClient } from '@tanstack/react-query';
import { applyAll, applyEvent, type FeedEvent, reapplyOnFetch } from './liveStatus';

const deployment = (id: number, last_push: Deployment['last_push']): Deployment =>
  ({ id, name: `d${id}`, application: 'app', last_push }) as Deployment;
const push = (id: number, status: FeedEvent['push']['status'], at: string): FeedEvent['push'] => ({
  id,
  status,
  tag: null,
  user: 'ann',
  comment: '',
  at,
});
const event = (deployment_id: number, p: FeedEvent['push']): FeedEvent => ({
  id: 1,
  deployment_id,
  application: 'app',
  deployment: 'd',
  push: p,
});

describe('applyEvent', () => {
  it('patches only the deployment the event concerns', () => {
    const list = [deployment(1, null), deployment(2, null)];
    const next = applyEvent(list, event(2, push(7, 'queued', '2026-12-07T00:00:00Z')));
    expect(next[0]).toBe(list[0]);
    expect(next[1]?.last_push?.id).toBe(7);
    expect(list[1]?.last_push).toBeNull();
  });

  it('never goes back to an older push or an older state of the same push', () => {
    const list = [deployment(1, push(8, 'running', '2026-12-07T00:00:05Z'))];
    expect(applyEvent(list, event(1, push(7, 'succeeded', '2026-12-07T00:00:09Z')))).toBe(list);
    expect(applyEvent(list, event(1, push(8, 'queued', '2026-12-07T00:00:01Z')))).toBe(list);
    const done = applyEvent(list, event(1, push(8, 'succeeded', '2026-12-07T00:00:09Z')));
    expect(done[0]?.last_push?.status).toBe('succeeded');
  });

  it('reaches a fixed point: an event the list already shows changes nothing', () => {
    const list = [deployment(1, null)];
    const e = event(1, push(8, 'running', '2026-12-07T00:00:05Z'));
    const once = applyEvent(list, e);
    expect(once).not.toBe(list);
    expect(applyEvent(once, e)).toBe(once);
    expect(applyAll(once, new Map([[1, e]]))).toBe(once);
  });

  it('takes a change of status reported at the same time', () => {
    const list = [deployment(1, push(8, 'running', '2026-12-07T00:00:05Z'))];
    const next = applyEvent(list, event(1, push(8, 'failed', '2026-12-07T00:00:05Z')));
    expect(next[0]?.last_push?.status).toBe('failed');
  });

  it('ignores events of deployments not in the list', () => {
    const list = [deployment(1, null)];
    expect(applyEvent(list, event(3, push(1, 'queued', '2026-12-07T00:00:00Z')))).toBe(list);
  });
});

describe('applyAll', () => {
  it('gives a list fetched before an event the news it missed, and leaves newer news alone', () => {
    const seen = new Map([[1, event(1, push(9, 'running', '2026-12-07T00:00:05Z'))]]);
    const stale = [deployment(1, null), deployment(2, null)];
    const patched = applyAll(stale, seen);
    expect(patched[0]?.last_push?.id).toBe(9);
    expect(patched[1]).toBe(stale[1]);
    const fresher = [deployment(1, push(9, 'succeeded', '2026-12-07T00:00:09Z'))];
    expect(applyAll(fresher, seen)).toBe(fresher);
  });
});

describe('reapplyOnFetch', () => {
  it('patches a list the server answers after an event once, and then leaves the cache alone', async () => {
    const client = new QueryClient();
    const seen = new Map([[1, event(1, push(9, 'running', '2026-12-07T00:00:05Z'))]]);
    const unsubscribe = reapplyOnFetch(client, seen);
    let updates = 0;
    const count = client.getQueryCache().subscribe((c) => {
      if (c.type === 'updated') updates += 1;
    });
    await client.fetchQuery({ queryKey: ['deployments'], queryFn: () => [deployment(1, null)] });
    const list = client.getQueryData<Deployment[]>(['deployments']);
    expect(list?.[0]?.last_push?.id).toBe(9);
    // The fetch's own updates plus one patch: a listener reacting to its own patch would never stop.
    expect(updates).toBeLessThan(10);
    const settled = updates;
    client.setQueryData<Deployment[]>(['deployments'], (l) => l && l.slice());
    expect(updates).toBe(settled + 1);
    count();
    unsubscribe();
  });
});
