import { useEffect, useMemo, useState } from 'react';
import { apiFetch } from '../../../lib/api/client';
import { followLog, type PushChange, type StageChange } from './follow';
import { findLastSeq, LogWindow } from './logWindow';
import { logPageFetcher } from '../api/queries';

export interface LiveLogEvents {
  onStage(stage: StageChange): void;
  onPush(push: PushChange): void;
  onEnd(push: PushChange): void;
}

/** A push's log: the window of lines the viewer shows, kept live from the stream. */
export function useLiveLog(pushId: number, events: LiveLogEvents) {
  const log = useMemo(() => new LogWindow({ fetchPage: logPageFetcher(pushId) }), [pushId]);
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const fetchPage = logPageFetcher(pushId);
    (async () => {
      let last = 0;
      for (;;) {
        try {
          const found = await findLastSeq(fetchPage, controller.signal);
          log.addFetched(found.firstPage);
          log.setTotal(found.last);
          last = found.last;
          break;
        } catch (e) {
          if (controller.signal.aborted) return;
          const status = (e as { status?: number }).status;
          if (status && status < 500) {
            setError(e);
            return;
          }
          setConnected(false);
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
      await followLog({
        pushId,
        after: last,
        fetch: apiFetch,
        signal: controller.signal,
        handlers: {
          onLines: (lines) => log.append(lines),
          onStage: events.onStage,
          onPush: events.onPush,
          onEnd: (push) => {
            setEnded(true);
            events.onEnd(push);
          },
          onConnected: setConnected,
          onFatal: setError,
        },
      });
    })();
    return () => controller.abort();
    // `events` callbacks are stable by contract (see PushPage); the stream restarts only for another push.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pushId, log]);

  return { log, connected, error, ended };
}
