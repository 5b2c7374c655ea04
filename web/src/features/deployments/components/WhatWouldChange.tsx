import { Link } from 'wouter';
import { DiffView } from '../../../components/DiffView';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Flag } from '../../../lib/api/types';
import { useDeploymentDiff } from '../api/queries';
import type { FlagValues } from '../lib/pushForm';
import { withFlagValues } from '../lib/pushPreview';

interface Props {
  id: number;
  flags: Flag[];
  /** The flag values as the form holds them. */
  values: FlagValues;
}

/** In the push form: what a push made now, with the flag values in the form, would change against the last
 *  succeeded push. */
export function WhatWouldChange({ id, flags, values }: Props) {
  const diff = useDeploymentDiff(id);
  const against = diff.data?.against;
  return (
    <section aria-labelledby="would-change-h" className="preview">
      <h3 id="would-change-h">What this push would change</h3>
      <ErrorMessage error={diff.error} />
      {diff.isPending && <p className="muted">Comparing…</p>}
      {diff.data && (
        <p className="muted">
          {against ? (
            <>
              Against <Link href={`/pushes/${against}`}>push #{against}</Link>, the last that succeeded, with the flag
              values above.
            </>
          ) : (
            'No push has succeeded yet: everything is new.'
          )}
        </p>
      )}
      {diff.data && <DiffView diff={withFlagValues(diff.data, flags, values)} level={4} />}
    </section>
  );
}
