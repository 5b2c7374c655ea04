import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { CookbookImport } from './CookbookImport';

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

function setup(answer: Response) {
  const sent: unknown[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push(await req.json());
    return answer;
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CookbookImport onDone={() => undefined} />
    </QueryClientProvider>,
  );
  return sent;
}

const FILE = { rolf_cookbook: 1, recipes: [{ name: 'greet', language: 'bash', code: 'echo hi' }] };
const upload = (text: string) =>
  userEvent.upload(screen.getByLabelText('Cookbook file'), new File([text], 'cookbook.json', { type: 'application/json' }));

describe('importing a cookbook file', () => {
  it('sends the file and shows what was created, updated and left unchanged', async () => {
    const sent = setup(
      json({ created: 1, updated: 0, unchanged: 0, recipes: [{ id: 4, name: 'greet', outcome: 'created' }] }, 200),
    );
    await upload(JSON.stringify(FILE));
    const report = await screen.findByRole('status', { name: 'Import report' });
    expect(report.textContent).toContain('1 created, 0 updated, 0 unchanged.');
    expect(screen.getByRole('list', { name: 'Imported recipes' }).textContent).toBe('greet: created');
    expect(sent).toEqual([FILE]);
  });

  it('shows where the API found the file bad', async () => {
    setup(json({ error: { code: 'invalid', message: "recipe 'greet': must not be empty", field: 'recipes[0].code' } }, 422));
    await upload(JSON.stringify(FILE));
    expect((await screen.findByRole('alert')).textContent).toBe("recipes[0].code: recipe 'greet': must not be empty");
  });

  it('refuses a file that is not JSON before sending anything', async () => {
    const sent = setup(json({}, 200));
    await upload('recipes: [');
    expect((await screen.findByRole('alert')).textContent).toContain('cookbook.json is not JSON');
    expect(sent).toEqual([]);
  });
});
