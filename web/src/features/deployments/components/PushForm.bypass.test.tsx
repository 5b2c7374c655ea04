import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { PushForm } from './PushForm';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderForm(canBypass: boolean) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <PushForm deploymentId={5} flags={[]} canBypass={canBypass} onStarted={() => undefined} onCancel={() => undefined} />
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('PushForm: freezes and the emergency bypass', () => {
  it('shows the frozen refusal; an editor bypasses it with a required reason', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const body = (await req.json()) as { bypass?: unknown };
      sent.push(body);
      return body.bypass
        ? json(202, { id: 78 })
        : json(409, { error: { code: 'frozen', message: 'the deployment is frozen until 2026-12-24T00:00:00Z (release)' } });
    });
    renderForm(true);
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    const refusal = await screen.findByRole('alert');
    expect(refusal.textContent).toBe(
      '❄ Frozen: the deployment is frozen until 2026-12-24T00:00:00Z (release). In an emergency, tick Emergency bypass and say why.',
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Emergency bypass' }));
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    expect(screen.getByText('Bypass reason: required: say why this cannot wait')).toBeTruthy();
    expect(sent).toHaveLength(1);
    await userEvent.type(screen.getByLabelText('Bypass reason (required)'), 'outage');
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ comment: '', bypass: { reason: 'outage' } });
  });

  it('offers no bypass to those who may only push', () => {
    renderForm(false);
    expect(screen.queryByRole('checkbox', { name: 'Emergency bypass' })).toBeNull();
  });
});
