import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Recipe } from '../../../lib/api/types';
import { RecipeItem } from './RecipeItem';

afterEach(() => vi.unstubAllGlobals());

const recipe = (needs: string | null): Recipe => ({
  id: 4,
  name: 'deploy',
  language: 'python',
  description: 'Deploys.',
  code: 'self.execute(["ls"])',
  needs_conversion: needs,
  created_at: '',
  updated_at: '',
});

function show(r: Recipe) {
  vi.stubGlobal('fetch', async () => new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }));
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ul>
        <RecipeItem recipe={r} admin={false} />
      </ul>
    </QueryClientProvider>,
  );
  return screen.getByRole('article', { name: /^deploy/ });
}

describe('a recipe in the cookbook', () => {
  it('is marked, in words, when it needs conversion, and says why', () => {
    const item = show(recipe("calls the original Rolf's self.execute"));
    expect(item.textContent).toContain(
      "⚠ Needs conversion: calls the original Rolf's self.execute. A push of a stage that runs it is refused until its code is edited.",
    );
  });

  it('is not marked otherwise', () => {
    expect(show(recipe(null)).textContent).not.toContain('Needs conversion');
  });
});
