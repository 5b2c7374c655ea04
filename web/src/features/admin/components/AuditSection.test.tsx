import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuditSection } from './AuditSection';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const event = (id: number, actor: string, action: string) => ({
  id,
  at: '2026-12-01T10:00:00Z',
  actor_id: 1,
  actor,
  action,
  target_type: action.split('.')[0],
  target_id: 7,
  deployment_id: 1,
  before: null,
  after: null,
});

afterEach(() => vi.unstubAllGlobals());

/** A fake API that answers every audit query with one event, unless `refuse` says otherwise; it records the
 *  queries it was asked. */
function setup(refuse?: (q: URLSearchParams) => Response | null) {
  const queries: URLSearchParams[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/v1/deployments') return json([]);
    if (url.pathname === '/api/v1/audit') {
      queries.push(url.searchParams);
      const refused = refuse?.(url.searchParams);
      if (refused) return refused;
      const actor = url.searchParams.get('actor') ?? 'admin';
      return json({ events: [event(100 + queries.length, actor, url.searchParams.get('action') ?? 'category.create')], next_before: null });
    }
    return json({ error: { code: 'not_found', message: 'no such endpoint' } }, 404);
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <AuditSection />
    </QueryClientProvider>,
  );
  const filters = screen.getByRole('form', { name: 'Audit filters' });
  return { queries, filters, last: () => Object.fromEntries(queries.at(-1) ?? []) };
}

describe('the audit trail', () => {
  it('asks the API with the filters given, times as UTC, and clears them', async () => {
    const { queries, filters, last } = setup();
    await screen.findByRole('table', { name: 'Audit events' });
    expect(last()).toEqual({ limit: '25' });

    await userEvent.type(within(filters).getByLabelText('Who'), 'ada');
    await userEvent.type(within(filters).getByLabelText('Action'), 'setting');
    await userEvent.type(within(filters).getByLabelText('Since'), '2026-12-01T09:30');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    await vi.waitFor(() => expect(last()).toEqual({ limit: '25', actor: 'ada', action: 'setting', since: new Date('2026-12-01T09:30').toISOString() }));
    const table = await screen.findByRole('table', { name: 'Audit events' });
    await vi.waitFor(() => expect(within(table).getAllByRole('row')[1]?.textContent).toContain('ada'));

    const asked = queries.length;
    await userEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(queries.length).toBeGreaterThan(asked));
    expect(last()).toEqual({ limit: '25' });
    expect(within(filters).getByLabelText('Who')).toHaveProperty('value', '');
  });

  it('shows a filter that breaks a rule beside it and asks nothing', async () => {
    const { queries, filters } = setup();
    await screen.findByRole('table', { name: 'Audit events' });
    const asked = queries.length;
    await userEvent.type(within(filters).getByLabelText('Action'), 'Setting.Put');
    await userEvent.type(within(filters).getByLabelText('Since'), '2026-12-02T00:00');
    await userEvent.type(within(filters).getByLabelText('Until'), '2026-12-01T00:00');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(within(filters).getAllByRole('alert').map((a) => a.textContent)).toEqual([
      '⚠ Action: must be an action such as setting.put, or a kind of object such as setting',
      '⚠ Until: must be after Since',
    ]);
    expect(queries.length).toBe(asked);
  });

  it("puts the API's refusal of a filter beside that filter", async () => {
    const { filters } = setup((q) =>
      q.get('actor') ? json({ error: { code: 'invalid', message: 'must be 1 to 256 characters', field: 'actor' } }, 422) : null,
    );
    await screen.findByRole('table', { name: 'Audit events' });
    await userEvent.type(within(filters).getByLabelText('Who'), 'someone');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect((await within(filters).findByRole('alert')).textContent).toBe('⚠ Who: must be 1 to 256 characters');
    // Once, beside the field, not again above the table.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});
