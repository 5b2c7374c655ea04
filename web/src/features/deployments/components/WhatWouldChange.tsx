import { Link } from 'wouter';
import { DiffView } from '../../../components/DiffView';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useDeploymentDiff } from '../api/queries';

/** In the push form: what a push made now would change against the last succeeded push. */
export function WhatWouldChange({ id }: { id: number }) {
  const diff = useDeploymentDiff(id);
  const against = diff.data?.against;
  return (
    <section aria-labelledby="would-change-h" className="preview">
      <h4 id="would-change-h">What this push would change</h4>
      <ErrorMessage error={diff.error} />
      {diff.isPending && <p className="muted">Comparing…</p>}
      {diff.data && (
        <p className="muted">
          {against ? (
            <>
              Against <Link href={`/pushes/${against}`}>push #{against}</Link>, the last that succeeded; flags at their
              defaults (values you change above are not counted).
            </>
          ) : (
            'No push has succeeded yet: everything is new.'
          )}
        </p>
      )}
      {diff.data && <DiffView diff={diff.data} level={5} />}
    </section>
  );
}
