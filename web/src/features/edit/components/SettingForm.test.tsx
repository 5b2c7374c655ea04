import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SettingForm } from './SettingForm';

const SECRET = 'hunter2-in-a-test';

afterEach(() => vi.unstubAllGlobals());

function renderForm(answer: () => Response) {
  const sent: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push({ url: req.url, body: await req.json() });
    return answer();
  });
  const view = render(
    <QueryClientProvider client={new QueryClient()}>
      <SettingForm id={4} />
    </QueryClientProvider>,
  );
  return { sent, view };
}

describe('adding a setting', () => {
  it('sends a secret once and never writes it into the markup', async () => {
    const { sent, view } = renderForm(
      () => new Response(JSON.stringify({ name: 'DB_PASSWORD', secret: true, value: null, updated_at: '' }), { status: 201 }),
    );
    await userEvent.type(screen.getByLabelText('Setting name'), 'DB_PASSWORD');
    await userEvent.click(screen.getByRole('checkbox', { name: /Secret/ }));
    const value = screen.getByLabelText('Value');
    expect(value.getAttribute('type')).toBe('password');
    await userEvent.type(value, SECRET);
    // Typed, but not in any attribute: the markup never carries it.
    expect(view.container.innerHTML).not.toContain(SECRET);
    await userEvent.click(screen.getByRole('button', { name: 'Add setting' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      url: expect.stringMatching(/\/deployments\/4\/settings\/DB_PASSWORD$/),
      body: { value: SECRET, secret: true },
    });
    await vi.waitFor(() => expect((screen.getByLabelText('Value') as HTMLInputElement).value).toBe(''));
    expect(view.container.innerHTML).not.toContain(SECRET);
  });

  it('shows the API refusal of a field beside that field', async () => {
    renderForm(
      () =>
        new Response(JSON.stringify({ error: { code: 'invalid', message: 'a flag already uses REGION', field: 'name' } }), {
          status: 422,
        }),
    );
    await userEvent.type(screen.getByLabelText('Setting name'), 'REGION');
    await userEvent.type(screen.getByLabelText('Value'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Add setting' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('⚠ Setting name: a flag already uses REGION');
    expect(screen.getByLabelText('Setting name').getAttribute('aria-describedby')).toContain(alert.id);
  });
});
