import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ApplyReport, Deployment } from '../../../lib/api/types';
import { DocumentSection } from './DocumentSection';

const none = { created: [], updated: [], removed: [] };

const report = (dryRun: boolean): ApplyReport => ({
  dry_run: dryRun,
  changed: true,
  deployment_id: 3,
  category: 'web',
  application: 'shop',
  name: 'prod',
  created: [],
  fields: [{ field: 'description', before: 'old', after: 'new' }],
  settings: { created: [], updated: [{ name: 'TOKEN', fields: ['value'] }], removed: [] },
  flags: none,
  stages: none,
  stages_reordered: false,
  permissions: none,
  webhooks: none,
});

const deployment = { id: 3, application: 'shop', name: 'prod' } as Deployment;

afterEach(() => vi.unstubAllGlobals());

describe('applying a document', () => {
  it('shows the dry run first, applies only what it showed, and sends the text as it was typed', async () => {
    const sent: { url: string; type: string | null; body: string }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      sent.push({ url, type: headers.get('Content-Type'), body: String(init.body) });
      const dryRun = url.includes('dry_run=true');
      return new Response(JSON.stringify(report(dryRun)), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <DocumentSection deployment={deployment} />
      </QueryClientProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply a document…' }));
    const document = screen.getByLabelText('Document (YAML or JSON)');
    const apply = screen.getByRole('button', { name: 'Apply' });
    const text = 'rolf: 1\napplication: shop\nname: prod\ndescription: new\n';
    await userEvent.click(document);
    await userEvent.paste(text);
    expect(apply).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByRole('button', { name: 'Show what would change' }));
    expect(await screen.findByText('Applying would change shop/prod:')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Settings: changes' }).textContent).toContain('updated TOKEN (value)');
    expect(screen.getByRole('region', { name: 'Deployment: changes' }).textContent).toContain('description: “old” → “new”');
    expect(sent).toEqual([{ url: '/api/v1/deployments/apply?dry_run=true', type: 'application/yaml', body: text }]);

    // Changed after the dry run: it must be checked again before it can be applied.
    await userEvent.type(document, '#');
    expect(apply).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByRole('button', { name: 'Show what would change' }));
    await vi.waitFor(() => expect(apply).toHaveProperty('disabled', false));
    await userEvent.click(apply);
    expect(await screen.findByText('Changed shop/prod:')).toBeTruthy();
    expect(sent.at(-1)).toEqual({ url: '/api/v1/deployments/apply', type: 'application/yaml', body: `${text}#` });
  });
});
