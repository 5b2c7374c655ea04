import { Link } from 'wouter';
import { Time } from '../../../components/Time';
import type { Deployment } from '../../../lib/api/types';

/** On a deployment's page: the freeze in effect (pushes are refused until it ends), the next one, and for its
 *  editors a way to the freezes of this deployment. */
export function FreezeBanner({ deployment: d, canEdit }: { deployment: Deployment; canEdit: boolean }) {
  return (
    <>
      {d.frozen && (
        <div role="status" aria-label="Freeze in effect" className="banner frozen">
          <strong>
            <span aria-hidden="true">❄ </span>Frozen until <Time at={d.frozen.ends_at} />
          </strong>
          : {d.frozen.reason}.{' '}
          {canEdit
            ? 'Pushes are refused until then, unless made with an emergency bypass.'
            : 'Pushes are refused until then; in an emergency someone with edit can bypass it.'}
        </div>
      )}
      {d.next_freeze && (
        <p className="muted">
          <span aria-hidden="true">❄ </span>Next freeze: <Time at={d.next_freeze.starts_at} /> to <Time at={d.next_freeze.ends_at} />
          : {d.next_freeze.reason}.
        </p>
      )}
      {canEdit && (
        <p>
          <Link href={`/freezes?deployment=${d.id}`}>Freeze windows of this deployment</Link>
        </p>
      )}
    </>
  );
}
