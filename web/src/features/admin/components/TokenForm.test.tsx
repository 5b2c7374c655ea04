import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TokenForm } from './TokenForm';

const SECRET = 'rolf_tok_4f1e9a-never-twice';
const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

function setup() {
  const sent: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push({ url: req.url, body: await req.json() });
    return json({ id: 9, user_id: 3, name: 'deploy', created_at: '2026-01-01T00:00:00Z', token: SECRET }, 201);
  });
  const queryClient = new QueryClient();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <TokenForm account="ci-bot" title="New token for ci-bot" />
    </QueryClientProvider>,
  );
  return { sent, queryClient, view };
}

describe('a new token', () => {
  it('is shown once with a copy button, then gone from the page, the cache and storage', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { sent, queryClient, view } = setup();
    await userEvent.type(screen.getByLabelText('Token name'), 'deploy');
    await userEvent.type(screen.getByLabelText('Expires in (days)'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByLabelText('Token deploy')).toHaveProperty('textContent', SECRET);
    expect(sent).toEqual([{ url: expect.stringMatching(/\/service-accounts\/ci-bot\/tokens$/), body: { name: 'deploy', expires_in_days: 30 } }]);
    await userEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(screen.getByRole('status').textContent).toContain('Copied to the clipboard.');
    // The answer is not kept by the query cache: only the notice holds it.
    await vi.waitFor(() => expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state))).not.toContain(SECRET));

    await userEvent.click(screen.getByRole('button', { name: 'Done, hide it' }));
    expect(view.container.innerHTML).not.toContain(SECRET);
    expect(screen.getByRole('button', { name: 'Create token' })).toBeTruthy();
    expect(JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })).not.toContain(SECRET);
  });

  it('says so when the browser will not copy', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('no')) }, configurable: true });
    setup();
    await userEvent.type(screen.getByLabelText('Token name'), 'deploy');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Copy token' }));
    expect(screen.getByRole('status').textContent).toContain('select the token and copy it by hand');
  });

  it('checks the name and expiry by the spec before sending', async () => {
    const { sent } = setup();
    await userEvent.type(screen.getByLabelText('Expires in (days)'), '4000');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(['⚠ Token name: must not be empty', '⚠ Expires in (days): must be at most 3650']);
    expect(sent).toEqual([]);
  });
});
