import { Link } from 'wouter';
import { DiffView } from '../../../components/DiffView';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { usePushDiff } from '../api/queries';

/** What this push changed against the deployment's last succeeded push before it. */
export function WhatChanged({ id }: { id: number }) {
  const diff = usePushDiff(id);
  const against = diff.data?.against;
  return (
    <section aria-labelledby="changed-h">
      <h2 id="changed-h">
        {against ? (
          <>
            What changed since <Link href={`/pushes/${against}`}>push #{against}</Link>
          </>
        ) : (
          'What changed'
        )}
      </h2>
      <ErrorMessage error={diff.error} />
      {diff.isPending && <p className="muted">Comparing…</p>}
      {diff.data && !against && (
        <p className="muted">No succeeded push came before this one: everything it ran is new.</p>
      )}
      {diff.data && <DiffView diff={diff.data} level={3} />}
    </section>
  );
}
