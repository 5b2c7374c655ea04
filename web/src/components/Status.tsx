// A push or stage status as an icon and a word: never color alone.
import type { PushStatus, StageStatus } from '../lib/api/types';

type AnyStatus = PushStatus | StageStatus;

const LOOK: Record<AnyStatus, { icon: string; label: string }> = {
  awaiting_approval: { icon: '◇', label: 'awaiting approval' },
  queued: { icon: '◷', label: 'queued' },
  pending: { icon: '○', label: 'pending' },
  running: { icon: '▶', label: 'running' },
  paused: { icon: '‖', label: 'paused' },
  succeeded: { icon: '✓', label: 'succeeded' },
  failed: { icon: '✗', label: 'failed' },
  cancelled: { icon: '⊘', label: 'cancelled' },
  skipped: { icon: '↷', label: 'skipped' },
  lost: { icon: '?', label: 'lost' },
  rejected: { icon: '⊗', label: 'rejected' },
  expired: { icon: '◌', label: 'expired' },
};

export function Status({ status }: { status: AnyStatus }) {
  const look = LOOK[status] ?? { icon: '•', label: status };
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-icon">
        {look.icon}
      </span>{' '}
      {look.label}
    </span>
  );
}

/** Statuses a push never leaves (`paused` is not one: it waits for a continue or a cancel). */
export const FINISHED: ReadonlySet<string> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'lost',
  'rejected',
  'expired',
]);
