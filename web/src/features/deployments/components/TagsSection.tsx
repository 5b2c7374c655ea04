import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import type { Tag } from '../../../lib/api/types';

interface Props {
  tags: Tag[] | undefined;
  error: unknown;
  onRollBack?: (target: { id: number; tag: string }) => void;
}

export function TagsSection({ tags, error, onRollBack }: Props) {
  return (
    <section aria-labelledby="tags-h">
      <h2 id="tags-h">Tags</h2>
      <ErrorMessage error={error} />
      {tags?.length === 0 && <p>No tagged push yet.</p>}
      {!!tags?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Push</th>
              <th scope="col">By</th>
              <th scope="col">Finished</th>
              <th scope="col">Comment</th>
              {onRollBack && <th scope="col">Roll back</th>}
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <tr key={t.push_id}>
                <td>
                  <code>{t.tag}</code>
                </td>
                <td>
                  <Link href={`/pushes/${t.push_id}`}>#{t.push_id}</Link>
                </td>
                <td>{t.user}</td>
                <td>
                  <Time at={t.finished_at} />
                </td>
                <td>{t.comment}</td>
                {onRollBack && (
                  <td>
                    <button
                      type="button"
                      onClick={() => onRollBack({ id: t.push_id, tag: t.tag })}
                      aria-label={`Roll back to ${t.tag}`}
                    >
                      Roll back to this
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
