import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FINISHED, Status } from '../../../components/Status';
import { Time } from '../../../components/Time';
import { useSession } from '../../../lib/session';
import { useDeploymentStats } from '../../../lib/api/stats';
import type { Push } from '../../../lib/api/types';
import { downloadLog, logPageFetcher, useCancelPush, useDeploymentLevel, usePush } from '../api/queries';
import { findFirstError } from '../lib/firstError';
import type { PushChange, StageChange } from '../lib/follow';
import { useLiveLog } from '../lib/useLiveLog';
import { LogViewer, type Jump } from './LogViewer';
import { StageTimeline } from './StageTimeline';

export function PushPage({ id }: { id: number }) {
  const push = usePush(id);
  const queryClient = useQueryClient();
  const session = useSession();
  const level = useDeploymentLevel(push.data?.deployment_id);
  const cancel = useCancelPush(id);
  const stats = useDeploymentStats(push.data?.deployment_id);
  const estimates = Object.fromEntries((stats.data?.estimates ?? []).map((e) => [e.name, e.median_seconds]));
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [jump, setJump] = useState<Jump | null>(null);
  const [jumpNote, setJumpNote] = useState('');

  // Live changes patch the cached push; a stage change or the end also refetches it for times and the tag.
  const patch = useCallback(
    (fn: (p: Push) => Push) => queryClient.setQueryData<Push>(['push', id], (p) => (p ? fn(p) : p)),
    [queryClient, id],
  );
  const onStage = useCallback(
    (s: StageChange) => {
      patch((p) => ({
        ...p,
        stages: p.stages.map((st) =>
          st.position === s.position ? { ...st, status: s.status, exit_code: s.exit_code ?? st.exit_code } : st,
        ),
      }));
      void queryClient.invalidateQueries({ queryKey: ['push', id] });
    },
    [patch, queryClient, id],
  );
  const onPush = useCallback((c: PushChange) => patch((p) => ({ ...p, status: c.status, tag: c.tag ?? p.tag })), [patch]);
  const onEnd = useCallback(
    (c: PushChange) => {
      onPush(c);
      void queryClient.invalidateQueries({ queryKey: ['push', id] });
    },
    [onPush, queryClient, id],
  );
  const live = useLiveLog(id, { onStage, onPush, onEnd });

  if (push.isPending) return <main>Loading…</main>;
  if (push.error) {
    return (
      <main>
        <ErrorMessage error={push.error} />
        <Link href="/">Back to deployments</Link>
      </main>
    );
  }
  const p = push.data;
  const admin = session?.user.admin ?? false;
  // The stage that ended the push; a lost push's running stage is marked failed too.
  const failed = p.stages.find((st) => st.status === 'failed');
  const canCancel = (admin || level.data === 'push' || level.data === 'edit') && !FINISHED.has(p.status);

  return (
    <main>
      <nav aria-label="Breadcrumb">
        <Link href="/">Deployments</Link> ›{' '}
        {p.deployment_id ? (
          <Link href={`/deployments/${p.deployment_id}`}>
            {p.application}/{p.deployment}
          </Link>
        ) : (
          `${p.application}/${p.deployment}`
        )}
      </nav>
      <h1>
        Push #{p.id} <Status status={p.status} />
      </h1>
      {!live.connected && (
        <p role="status" className="banner">
          The live log lost its connection. Reconnecting…
        </p>
      )}
      <dl className="facts">
        <dt>By</dt>
        <dd>{p.user}</dd>
        <dt>Comment</dt>
        <dd>{p.comment || '—'}</dd>
        <dt>Requested</dt>
        <dd>
          <Time at={p.created_at} />
        </dd>
        {p.tag && (
          <>
            <dt>Tag</dt>
            <dd>
              <code>{p.tag}</code>
            </dd>
          </>
        )}
        {p.rollback_to && (
          <>
            <dt>Rollback to</dt>
            <dd>
              <Link href={`/pushes/${p.rollback_to}`}>push #{p.rollback_to}</Link>
            </dd>
          </>
        )}
        {Object.keys(p.flags).length > 0 && (
          <>
            <dt>Flags</dt>
            <dd>
              {Object.entries(p.flags).map(([k, v]) => (
                <code key={k} className="flag">
                  {k}={String(v)}
                </code>
              ))}
            </dd>
          </>
        )}
        {p.error && (
          <>
            <dt>Error</dt>
            <dd>{p.error}</dd>
          </>
        )}
      </dl>
      <div className="toolbar">
        {canCancel && (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending || p.cancel_requested}>
            {p.cancel_requested ? 'Cancelling…' : 'Cancel push'}
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setDownloadError(null);
            downloadLog(id).catch(setDownloadError);
          }}
        >
          Download log.txt
        </button>
        {failed && (
          <button
            type="button"
            onClick={async () => {
              setDownloadError(null);
              setJumpNote('Looking for the first error…');
              try {
                const seq = await findFirstError(logPageFetcher(id), live.log.total, failed.position);
                if (seq === null) {
                  setJumpNote(`Stage ${failed.name} failed without printing anything.`);
                } else {
                  setJump({ seq, at: Date.now() });
                  setJumpNote(`Showing line ${seq}, the first error of stage ${failed.name}.`);
                }
              } catch (e) {
                setJumpNote('');
                setDownloadError(e);
              }
            }}
          >
            Jump to the first error
          </button>
        )}
        <span role="status" className="muted">
          {jumpNote}
        </span>
      </div>
      <ErrorMessage error={cancel.error ?? downloadError} />
      <h2>Stages</h2>
      <StageTimeline stages={p.stages} estimates={estimates} />
      <h2>Log</h2>
      <ErrorMessage error={live.error ?? live.log.error} />
      <LogViewer log={live.log} live={!live.ended && !FINISHED.has(p.status)} jump={jump} />
    </main>
  );
}
