import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { RolfImportReport } from '../../../lib/api/types';
import { RolfImportSection } from './RolfImportSection';

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

function setup(answer: (dryRun: boolean) => Response) {
  const sent: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url);
    sent.push({ url: url.pathname + url.search, body: await req.json() });
    return answer(url.search === '?dry_run=true');
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RolfImportSection />
    </QueryClientProvider>,
  );
  return sent;
}

/** A file as the browser gives it (jsdom's File has no `text()`, which the page reads it with). */
function file(text: string, name: string): File {
  const f = new File([text], name);
  return Object.assign(f, { text: () => Promise.resolve(text) });
}

const CSV = 'deploy,python,"self.execute([""ls""])",Lists\n';
const DUMP = '[{"model": "auth.group", "pk": 1, "fields": {"name": "devs", "permissions": []}}]';

const report = (dryRun: boolean): RolfImportReport => ({
  dry_run: dryRun,
  changed: true,
  recipes: [{ name: 'deploy', outcome: 'created', needs_conversion: 'calls self.execute', converted: null }],
  groups: [{ name: 'devs', outcome: 'created' }],
  deployments: [
    { category: 'web', application: 'shop', name: 'prod', outcome: 'created', deployment_id: dryRun ? null : 9 },
  ],
  flagged: [{ place: 'cookbook recipe deploy', reason: 'calls self.execute' }],
  converted: [{ place: 'cookbook recipe rollback-tag', note: 'reads ROLF_TAG' }],
  skipped: [{ model: 'rolf_main.push', count: 3, reason: 'push history is not imported' }],
});

describe('importing from the original Rolf', () => {
  it('sends both files for a dry run, says nothing changed, and shows what needs conversion', async () => {
    const sent = setup((dry) => json(report(dry), 200));
    await userEvent.upload(screen.getByLabelText('Cookbook CSV'), file(CSV, 'cookbook.csv'));
    await userEvent.upload(screen.getByLabelText('Dump JSON'), file(DUMP, 'dump.json'));
    await userEvent.click(screen.getByRole('button', { name: 'Dry run' }));

    expect((await screen.findByRole('status')).textContent).toBe(
      '◇ Dry run: nothing was changed. Importing would create 1 recipe, 1 group and 1 deployment.',
    );
    expect(sent).toEqual([{ url: '/api/v1/import/rolf?dry_run=true', body: { cookbook_csv: CSV, dump_json: DUMP } }]);
    expect(screen.getByRole('heading', { name: 'Needs conversion: 1' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Recipes that need conversion' }).textContent).toBe(
      'cookbook recipe deploy: calls self.execute',
    );
    expect(screen.getByRole('list', { name: 'Imported recipes' }).textContent).toBe(
      'deploy: + would be created. ⚠ Needs conversion: calls self.execute',
    );
    expect(screen.getByRole('list', { name: 'Converted' }).textContent).toBe('cookbook recipe rollback-tag: reads ROLF_TAG');
    expect(screen.getByRole('list', { name: 'Imported deployments' }).textContent).toBe('shop/prod (in web): + would be created');
    expect(screen.getByRole('list', { name: 'Not imported' }).textContent).toBe(
      'rolf_main.push: 3 objects (push history is not imported)',
    );
    // Nothing exists yet after a dry run: no link to the deployment.
    expect(screen.queryByRole('link', { name: 'shop/prod' })).toBeNull();
  });

  it('imports for real and links the deployments it made', async () => {
    const sent = setup((dry) => json(report(dry), 200));
    await userEvent.upload(screen.getByLabelText('Dump JSON'), file(DUMP, 'dump.json'));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('status')).textContent).toBe('✓ Imported: created 1 recipe, 1 group and 1 deployment.');
    expect(sent).toEqual([{ url: '/api/v1/import/rolf?dry_run=false', body: { cookbook_csv: null, dump_json: DUMP } }]);
    const deployments = screen.getByRole('list', { name: 'Imported deployments' });
    expect(within(deployments).getByRole('link', { name: 'shop/prod' }).getAttribute('href')).toBe('/deployments/9');
  });

  it("shows the API's refusal at the file it names, with the place", async () => {
    setup(() =>
      json(
        {
          error: {
            code: 'invalid',
            message: 'row 3: expected 4 columns (name, language, code, description), found 3',
            field: 'cookbook_csv',
          },
        },
        422,
      ),
    );
    await userEvent.upload(screen.getByLabelText('Cookbook CSV'), file('a,b,c\n', 'bad.csv'));
    await userEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '⚠ Cookbook CSV: row 3: expected 4 columns (name, language, code, description), found 3',
    );
    const input = screen.getByLabelText('Cookbook CSV');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('refuses a dump that is not JSON, or no file at all, before sending anything', async () => {
    const sent = setup(() => json({}, 200));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a cookbook CSV, a dump JSON, or both.');
    await userEvent.upload(screen.getByLabelText('Dump JSON'), file('[{"model":', 'dump.json'));
    await userEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^⚠ Dump JSON: dump\.json is not JSON: /);
    expect(sent).toEqual([]);
  });
});
