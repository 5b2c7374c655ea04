import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Token } from '../../../lib/api/types';
import { ServiceAccountsSection } from './ServiceAccountsSection';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const token = (id: number, name: string, more: Partial<Token> = {}): Token => ({
  id,
  user_id: 3,
  name,
  created_at: '2026-11-01T10:00:00Z',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
  ...more,
});

afterEach(() => vi.unstubAllGlobals());

/** A fake API: two accounts; ci-bot has a live, an expired and a revoked token. DELETE marks a token revoked. */
function setup() {
  const sent: string[] = [];
  const tokens = [
    token(11, 'deploy', { last_used_at: '2026-12-01T08:00:00Z', expires_at: '2099-01-01T00:00:00Z' }),
    token(12, 'old', { expires_at: '2026-01-01T00:00:00Z' }),
    token(13, 'leaked', { revoked_at: '2026-11-20T12:00:00Z' }),
  ];
  vi.stubGlobal('fetch', async (req: Request) => {
    const { pathname } = new URL(req.url);
    sent.push(`${req.method} ${pathname}`);
    if (pathname === '/api/v1/service-accounts') {
      return json([
        { id: 3, name: 'ci-bot', groups: ['devs'], created_at: '2026-11-01T00:00:00Z' },
        { id: 4, name: 'idle-bot', groups: [], created_at: '2026-11-01T00:00:00Z' },
      ]);
    }
    if (pathname === '/api/v1/service-accounts/ci-bot/tokens') return json(tokens);
    if (pathname === '/api/v1/service-accounts/idle-bot/tokens') return json([]);
    const revoke = /^\/api\/v1\/tokens\/(\d+)$/.exec(pathname);
    if (req.method === 'DELETE' && revoke) {
      const t = tokens.find((x) => x.id === Number(revoke[1]));
      if (!t) return json({ error: { code: 'not_found', message: 'token not found' } }, 404);
      t.revoked_at = '2026-12-07T09:00:00Z';
      return new Response(null, { status: 204 });
    }
    return json({ error: { code: 'not_found', message: 'no such endpoint' } }, 404);
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ServiceAccountsSection />
    </QueryClientProvider>,
  );
  return { sent };
}

describe("a service account's tokens", () => {
  it('are listed with their state, and only live ones can be revoked', async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'Tokens of ci-bot' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^deploy.*✓ active Revoke deploy of ci-bot$/),
      expect.stringMatching(/^old.*never.*◷ expired$/),
      expect.stringMatching(/^leaked.*⊘ revoked/),
    ]);
    expect(within(rows[0]!).getAllByRole('time')).toHaveLength(3);
    expect(within(table).getAllByRole('button')).toHaveLength(1);
    const idle = screen.getByRole('article', { name: 'Service account idle-bot' });
    expect(within(idle).getByText('No tokens yet.')).toBeTruthy();
    expect(within(idle).queryByRole('table')).toBeNull();
  });

  it('is revoked only once the admin confirms, and the list shows it revoked', async () => {
    const { sent } = setup();
    const table = await screen.findByRole('table', { name: 'Tokens of ci-bot' });
    const ask = vi.fn(() => false);
    vi.stubGlobal('confirm', ask);
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke deploy of ci-bot' }));
    expect(ask).toHaveBeenCalledWith('Revoke the token deploy of ci-bot? Anything still using it is refused from now on.');
    expect(sent.filter((s) => s.startsWith('DELETE'))).toEqual([]);

    ask.mockReturnValue(true);
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke deploy of ci-bot' }));
    await vi.waitFor(() => expect(within(table).getAllByRole('row')[1]?.textContent).toMatch(/⊘ revoked/));
    expect(sent.filter((s) => s.startsWith('DELETE'))).toEqual(['DELETE /api/v1/tokens/11']);
    expect(within(table).queryByRole('button')).toBeNull();
    // The list was fetched again after the revoke, not patched by guesswork.
    expect(sent.filter((s) => s === 'GET /api/v1/service-accounts/ci-bot/tokens').length).toBeGreaterThanOrEqual(2);
  });

  it("shows the API's refusal of a revoke", async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'Tokens of ci-bot' });
    vi.stubGlobal('confirm', () => true);
    vi.stubGlobal('fetch', async () => json({ error: { code: 'forbidden', message: 'only admins may do this' } }, 403));
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke deploy of ci-bot' }));
    const card = screen.getByRole('article', { name: 'Service account ci-bot' });
    expect((await within(card).findByRole('alert')).textContent).toContain('only admins may do this');
  });
});
