import { ErrorMessage } from '../../../components/ErrorMessage';
import { NeedsConversion } from '../../../components/NeedsConversion';
import { useStages } from '../api/queries';

export function StagesSection({ id }: { id: number }) {
  const stages = useStages(id);
  return (
    <section aria-labelledby="stages-h">
      <h2 id="stages-h">Stages</h2>
      <ErrorMessage error={stages.error} />
      {stages.data?.length === 0 && <p>No stages yet.</p>}
      <ol>
        {stages.data?.map((s) => (
          <li key={s.id}>
            <details>
              <summary>
                {s.name} <small>({s.language}{s.recipe_name ? `, recipe ${s.recipe_name}` : ''}
                {s.timeout_seconds ? `, timeout ${s.timeout_seconds}s` : ''}
                {s.rerun_on_resume ? ', runs again on resume' : ''})</small>
                {s.needs_conversion && (
                  <>
                    {' '}
                    <NeedsConversion reason={s.needs_conversion} />
                  </>
                )}
              </summary>
              <pre className="code">{s.code}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
