import { useCallback, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FINISHED, Status } from '../../../components/Status';
import { PageNotReady } from '../../../components/PageNotReady';
import { Time } from '../../../components/Time';
import { useSession } from '../../../lib/session';
import { useDeploymentStats } from '../../../lib/api/stats';
import type { Push } from '../../../lib/api/types';
import {
  downloadLog,
  logPageFetcher,
  useCancelPush,
  useContinuePush,
  useDeploymentLevel,
  usePush,
  useResumePush,
} from '../api/queries';
import { findFirstError } from '../lib/firstError';
import type { PushChange, StageChange } from '../lib/follow';
import { useLiveLog } from '../lib/useLiveLog';
import { LogViewer, type Jump } from './LogViewer';
import { StageTimeline } from './StageTimeline';
import { WhatChanged } from './WhatChanged';

/** The statuses a push can be resumed from (the API refuses the others). */
const RESUMABLE: ReadonlySet<string> = new Set(['failed', 'cancelled', 'lost']);

/** `details`: what other features show under the facts (approvals, the bypass, what it waits for). */
export function PushPage({ id, details }: { id: number; details?: (push: Push) => ReactNode }) {
  const push = usePush(id);
  const queryClient = useQueryClient();
  const session = useSession();
  const level = useDeploymentLevel(push.data?.deployment_id);
  const cancel = useCancelPush(id);
  const proceed = useContinuePush(id);
  const resume = useResumePush(id);
  const [, navigate] = useLocation();
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
  // A pause or a continue also refetches, for the stage the push waits before and the buttons it allows.
  const onPush = useCallback(
    (c: PushChange) => {
      patch((p) => ({
        ...p,
        status: c.status,
        tag: c.tag ?? p.tag,
        paused_before: c.status === 'paused' ? (c.paused_before ?? p.paused_before) : null,
      }));
      void queryClient.invalidateQueries({ queryKey: ['push', id] });
    },
    [patch, queryClient, id],
  );
  const onEnd = useCallback(
    (c: PushChange) => {
      onPush(c);
      void queryClient.invalidateQueries({ queryKey: ['push', id] });
    },
    [onPush, queryClient, id],
  );
  const live = useLiveLog(id, { onStage, onPush, onEnd });

  if (push.isPending || push.error) return <PageNotReady title={`Push #${id}`} error={push.error} />;
  const p = push.data;
  const admin = session?.user.admin ?? false;
  // The stage that ended the push; a lost push's running stage is marked failed too.
  const failed = p.stages.find((st) => st.status === 'failed');
  const mayPush = admin || level.data === 'push' || level.data === 'edit';
  const canCancel = mayPush && !FINISHED.has(p.status);
  const canResume = mayPush && RESUMABLE.has(p.status) && p.deployment_id !== null && p.deployment_id !== undefined;
  const pausedAt = p.status === 'paused' ? p.stages.find((st) => st.position === p.paused_before) : undefined;

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
        <dd>
          {p.user}
          {p.schedule_id ? ` (by schedule ${p.schedule_id})` : null}
        </dd>
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
        {p.resumed_from && (
          <>
            <dt>Resumes</dt>
            <dd>
              <Link href={`/pushes/${p.resumed_from}`}>push #{p.resumed_from}</Link>{' '}
              <span className="muted">(same snapshot; stages that succeeded there are skipped)</span>
            </dd>
          </>
        )}
        {p.step && (
          <>
            <dt>Step mode</dt>
            <dd>pauses before each stage after the first until continued</dd>
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
      {details?.(p)}
      {p.status === 'paused' && (
        <p role="status" className="banner">
          <span aria-hidden="true">‖ </span>
          Paused before stage {pausedAt ? pausedAt.name : `#${(p.paused_before ?? 0) + 1}`}.{' '}
          {mayPush ? 'Continue runs it; Cancel push stops here.' : 'Someone with push level continues it.'}
        </p>
      )}
      <div className="toolbar">
        {mayPush && p.status === 'paused' && (
          <button type="button" className="primary" onClick={() => proceed.mutate()} disabled={proceed.isPending}>
            {proceed.isPending ? 'Continuing…' : 'Continue'}
          </button>
        )}
        {canResume && (
          <button
            type="button"
            className="primary"
            onClick={() => resume.mutate(undefined, { onSuccess: (next) => navigate(`/pushes/${next.id}`) })}
            disabled={resume.isPending}
            aria-describedby="resume-help"
          >
            {resume.isPending ? 'Resuming…' : 'Resume push'}
          </button>
        )}
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
      {canResume && (
        <p id="resume-help" className="muted">
          Resume starts a new push of this one's snapshot (its stages, code, settings and flags) that skips the stages
          that succeeded and starts at the first that did not.
        </p>
      )}
      <ErrorMessage error={cancel.error ?? proceed.error ?? resume.error ?? downloadError} />
      <h2>Stages</h2>
      <StageTimeline stages={p.stages} estimates={estimates} pausedBefore={p.status === 'paused' ? p.paused_before : null} />
      <WhatChanged id={id} />
      <h2>Log</h2>
      <ErrorMessage error={live.error ?? live.log.error} />
      <LogViewer log={live.log} live={!live.ended && !FINISHED.has(p.status)} jump={jump} />
    </main>
  );
}
