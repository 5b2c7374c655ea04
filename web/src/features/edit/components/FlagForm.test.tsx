import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { FlagForm } from './FlagForm';

afterEach(() => vi.unstubAllGlobals());

function renderForm() {
  const sent: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push({ url: req.url, body: await req.json() });
    return new Response(JSON.stringify({}), { status: 201, headers: { 'content-type': 'application/json' } });
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <FlagForm id={4} />
    </QueryClientProvider>,
  );
  return sent;
}

describe('a boolean flag', () => {
  it('asks what recipes see, and sends "1 / empty" as boolean_as', async () => {
    const sent = renderForm();
    await userEvent.type(screen.getByLabelText('Flag name'), 'Migrate');
    await userEvent.type(screen.getByLabelText('Variable'), 'MIGRATE');
    // Only a boolean flag has the choice.
    expect(screen.queryByLabelText('Recipes see')).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'boolean');
    const sees = screen.getByRole('combobox', { name: 'Recipes see' });
    expect((sees as HTMLSelectElement).value).toBe('true_false');
    expect([...(sees as HTMLSelectElement).options].map((o) => o.text)).toEqual(['true / false', '1 / empty, as the original Rolf']);
    await userEvent.selectOptions(sees, '1 / empty, as the original Rolf');
    await userEvent.click(screen.getByRole('button', { name: 'Add flag' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.url).toMatch(/\/deployments\/4\/flags$/);
    expect(sent[0]?.body).toMatchObject({ name: 'Migrate', varname: 'MIGRATE', kind: 'boolean', boolean_as: 'one_empty' });
  });
});
