import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Stage } from '../../../lib/api/types';
import { StagesSection } from './StagesSection';

afterEach(() => vi.unstubAllGlobals());

const stage = (id: number, name: string, needs: string | null): Stage => ({
  id,
  deployment_id: 3,
  name,
  position: id,
  language: 'python',
  code: 'self.execute(["true"])',
  recipe_id: null,
  recipe_name: null,
  needs_conversion: needs,
  rerun_on_resume: false,
  timeout_seconds: null,
  created_at: '',
  updated_at: '',
});

describe("a deployment's stages", () => {
  it('mark, in words, a stage whose recipe needs conversion, with the reason', async () => {
    const stages = [stage(1, 'check', 'it uses `self.execute` of the original'), stage(2, 'build', null)];
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(stages), { status: 200, headers: { 'content-type': 'application/json' } }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <StagesSection id={3} />
      </QueryClientProvider>,
    );
    const items = await screen.findAllByRole('listitem');
    expect(items[0]?.textContent).toContain('check (python) ⚠ Needs conversion: it uses `self.execute` of the original');
    expect(items[1]?.textContent).not.toContain('Needs conversion');
  });
});
