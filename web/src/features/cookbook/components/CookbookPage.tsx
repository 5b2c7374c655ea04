import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useSession } from '../../../lib/session';
import { useRecipes } from '../api/recipes';
import { CookbookImport } from './CookbookImport';
import { RecipeForm } from './RecipeForm';
import { RecipeItem } from './RecipeItem';

/** The shared cookbook: recipes any stage may link instead of carrying its own code. */
export function CookbookPage() {
  const recipes = useRecipes();
  const admin = useSession()?.user.admin ?? false;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  return (
    <main>
      <h1>Cookbook</h1>
      <p className="muted">
        Shared recipes. A stage that links one runs its current code; a change here reaches every such stage from
        its next push.
      </p>
      {admin && !adding && (
        <button type="button" onClick={() => setAdding(true)}>
          New recipe
        </button>
      )}{' '}
      {admin && !importing && (
        <button type="button" onClick={() => setImporting(true)}>
          Import a cookbook file
        </button>
      )}
      {adding && <RecipeForm onDone={() => setAdding(false)} />}
      {importing && <CookbookImport onDone={() => setImporting(false)} />}
      <ErrorMessage error={recipes.error} />
      {recipes.isPending && <p>Loading…</p>}
      {recipes.data?.length === 0 && <p>The cookbook is empty.</p>}
      <ul className="recipes">
        {recipes.data?.map((r) => <RecipeItem key={r.id} recipe={r} admin={admin} />)}
      </ul>
    </main>
  );
}
