import { useState } from 'react';
import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { NeedsConversion } from '../../../components/NeedsConversion';
import type { Recipe } from '../../../lib/api/types';
import { useDeleteRecipe, useUsages } from '../api/recipes';
import { RecipeForm } from './RecipeForm';

export function RecipeItem({ recipe: r, admin }: { recipe: Recipe; admin: boolean }) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteRecipe(r.id);
  const headingId = `recipe-${r.id}`;
  return (
    <li>
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>
          {r.name} <small className="muted">({r.language})</small>
        </h2>
        {r.needs_conversion && (
          <p>
            <NeedsConversion reason={r.needs_conversion} />. A push of a stage that runs it is refused until its code is
            edited.
          </p>
        )}
        {r.description && <p>{r.description}</p>}
        <details>
          <summary>Code of {r.name}</summary>
          <pre className="code">{r.code}</pre>
        </details>
        <Usages id={r.id} name={r.name} />
        {admin && !editing && (
          <p>
            <button type="button" onClick={() => setEditing(true)}>
              Edit recipe {r.name}
            </button>{' '}
            <button type="button" onClick={() => window.confirm(`Delete the recipe ${r.name}?`) && remove.mutate()}>
              Delete recipe {r.name}
            </button>
          </p>
        )}
        <ErrorMessage error={remove.error} />
        {editing && <RecipeForm existing={r} onDone={() => setEditing(false)} />}
      </article>
    </li>
  );
}

function Usages({ id, name }: { id: number; name: string }) {
  const usages = useUsages(id);
  if (usages.error) return <ErrorMessage error={usages.error} />;
  if (!usages.data) return <p>Loading its usages…</p>;
  if (usages.data.length === 0) return <p>No stage you may view links it.</p>;
  return (
    <ul aria-label={`Stages that link ${name}`}>
      {usages.data.map((u) => (
        <li key={u.stage_id}>
          <Link href={`/deployments/${u.deployment_id}`}>
            {u.application}/{u.deployment}
          </Link>
          , stage {u.stage}
        </li>
      ))}
    </ul>
  );
}
