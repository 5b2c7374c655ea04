import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Flag } from '../../../lib/api/types';
import { PushForm } from './PushForm';

const flag = (varname: string, def: string, boolean: boolean, name: string, more: Partial<Flag> = {}): Flag => ({
  id: varname.length,
  deployment_id: 1,
  boolean_as: 'true_false',
  name,
  varname,
  default: def,
  kind: boolean ? 'boolean' : 'text',
  pattern: null,
  choices: [],
  required: false,
  description: `the ${name}`,
  created_at: '',
  updated_at: '',
  ...more,
});

describe('PushForm', () => {
  it('fills in defaults, shows booleans as checkboxes, and sends the changed flags and the comment', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      sent.push(await req.json());
      return new Response(JSON.stringify({ id: 77 }), { status: 202, headers: { 'content-type': 'application/json' } });
    });
    const started = vi.fn();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PushForm
          deploymentId={5}
          flags={[flag('BRANCH', 'main', false, 'Branch'), flag('DRY_RUN', 'true', true, 'Dry run')]}
          onStarted={started}
          onCancel={() => undefined}
        />
      </QueryClientProvider>,
    );
    const branch = screen.getByLabelText('Branch');
    expect(branch).toHaveProperty('value', 'main');
    const dry = screen.getByRole('checkbox', { name: 'Dry run' });
    expect(dry).toHaveProperty('checked', true);
    await userEvent.clear(branch);
    await userEvent.type(branch, 'release-1.4');
    await userEvent.click(dry);
    await userEvent.type(screen.getByLabelText('Comment'), 'ship it');
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    await vi.waitFor(() => expect(started).toHaveBeenCalled());
    expect(sent).toEqual([{ comment: 'ship it', flags: { BRANCH: 'release-1.4', DRY_RUN: 'false' } }]);
    vi.unstubAllGlobals();
  });

  it('shows a rule broken at its field and sends nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PushForm deploymentId={5} flags={[]} onStarted={() => undefined} onCancel={() => undefined} />
      </QueryClientProvider>,
    );
    const comment = screen.getByLabelText('Comment');
    await userEvent.click(comment);
    await userEvent.paste('x'.repeat(10_001));
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    expect(screen.getByRole('alert').textContent).toBe('Comment: must be at most 10000 characters');
    expect(fetch).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('offers a choice flag as a select, checks a pattern before sending, and sends step mode', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      sent.push(await req.json());
      return new Response(JSON.stringify({ id: 78 }), { status: 202, headers: { 'content-type': 'application/json' } });
    });
    const started = vi.fn();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PushForm
          deploymentId={5}
          flags={[
            flag('REGION', 'eu-west', false, 'Region', { kind: 'choice', choices: ['eu-west', 'us-east'] }),
            flag('VERSION', '', false, 'Version', { pattern: '[0-9]+\\.[0-9]+', required: true }),
          ]}
          onStarted={started}
          onCancel={() => undefined}
        />
      </QueryClientProvider>,
    );
    const region = screen.getByRole('combobox', { name: 'Region' });
    expect(region).toHaveProperty('value', 'eu-west');
    await userEvent.selectOptions(region, 'us-east');
    const version = screen.getByRole('textbox', { name: 'Version (required)' });
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    expect(screen.getByRole('alert').textContent).toBe('Version: required: give a value');
    await userEvent.type(version, 'v1.4');
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    expect(screen.getByRole('alert').textContent).toBe("Version: must match the flag's pattern [0-9]+\\.[0-9]+");
    expect(version.getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);
    await userEvent.clear(version);
    await userEvent.type(version, '1.4');
    expect(screen.queryByRole('alert')).toBeNull(); // changing the value takes its problem away
    await userEvent.click(screen.getByRole('checkbox', { name: 'Step mode' }));
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    await vi.waitFor(() => expect(started).toHaveBeenCalled());
    expect(sent).toEqual([{ comment: '', flags: { REGION: 'us-east', VERSION: '1.4' }, step: true }]);
    vi.unstubAllGlobals();
  });

  it("shows the API's refusal of a flag at that flag", async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ error: { code: 'invalid', message: 'must match the flag\'s pattern (?i)v[0-9]+', field: 'flags.TAG' } }), {
        status: 422,
        headers: { 'content-type': 'application/json' },
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PushForm
          deploymentId={5}
          flags={[flag('TAG', 'v1', false, 'Tag', { pattern: '(?i)v[0-9]+' })]}
          onStarted={() => undefined}
          onCancel={() => undefined}
        />
      </QueryClientProvider>,
    );
    await userEvent.clear(screen.getByLabelText('Tag'));
    await userEvent.type(screen.getByLabelText('Tag'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Start push' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe("Tag: must match the flag's pattern (?i)v[0-9]+"));
    vi.unstubAllGlobals();
  });
});
