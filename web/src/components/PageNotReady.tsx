import { Link } from 'wouter';
import { ErrorMessage } from './ErrorMessage';

/**
 * A page whose object is still loading or could not be read. It keeps a level-one heading naming what was asked
 * for, so a screen reader's first stop is never an empty page.
 */
export function PageNotReady({ title, error }: { title: string; error: unknown }) {
  return (
    <main>
      <h1>{title}</h1>
      {error ? (
        <>
          <ErrorMessage error={error} />
          <Link href="/">Back to deployments</Link>
        </>
      ) : (
        <p role="status">Loading…</p>
      )}
    </main>
  );
}
