import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { NeedsConversion } from '../../../components/NeedsConversion';
import type { Stage } from '../../../lib/api/types';
import { useDeleteStage, useReorderStages, useStages } from '../api/stages';
import { move } from '../lib/reorder';
import { StageForm } from './StageForm';

/** The stages in the order they run. Moving one saves the new order at once (there is nothing to lose). */
export function StagesEditor({ id }: { id: number }) {
  const stages = useStages(id);
  const reorder = useReorderStages(id);
  const remove = useDeleteStage(id);
  const [editing, setEditing] = useState<number | null>(null);
  const list = stages.data ?? [];
  const moveStage = (from: number, to: number) => reorder.mutate(move(list, from, to).map((s) => s.id));

  return (
    <section aria-labelledby="stages-h">
      <h2 id="stages-h">Stages</h2>
      <ErrorMessage error={stages.error ?? reorder.error ?? remove.error} />
      {stages.data?.length === 0 && <p>No stages yet.</p>}
      <ol className="stage-list">
        {list.map((s, i) => (
          <li key={s.id}>
            <StageSummary stage={s} />
            <div className="actions">
              <button type="button" disabled={i === 0 || reorder.isPending} onClick={() => moveStage(i, i - 1)}>
                <span aria-hidden="true">↑ </span>Move {s.name} up
              </button>{' '}
              <button
                type="button"
                disabled={i === list.length - 1 || reorder.isPending}
                onClick={() => moveStage(i, i + 1)}
              >
                <span aria-hidden="true">↓ </span>Move {s.name} down
              </button>{' '}
              <button type="button" aria-expanded={editing === s.id} onClick={() => setEditing(editing === s.id ? null : s.id)}>
                Edit stage {s.name}
              </button>{' '}
              <button
                type="button"
                onClick={() => window.confirm(`Delete the stage ${s.name}?`) && remove.mutate(s.id)}
              >
                Delete stage {s.name}
              </button>
            </div>
            {editing === s.id && <StageForm key={s.id} id={id} existing={s} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ol>
      <StageForm id={id} />
    </section>
  );
}

function StageSummary({ stage: s }: { stage: Stage }) {
  return (
    <span>
      <span className="stage-name">{s.name}</span>{' '}
      <small>
        ({s.recipe_name ? `cookbook recipe ${s.recipe_name}` : `inline ${s.language}`}
        {s.timeout_seconds ? `, timeout ${s.timeout_seconds}s` : ', default timeout'}
        {s.rerun_on_resume ? ', runs again on resume' : ''})
      </small>
      {s.needs_conversion && (
        <>
          {' '}
          <NeedsConversion reason={s.needs_conversion} />
        </>
      )}
    </span>
  );
}
