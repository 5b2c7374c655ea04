// Follows a push's log stream, resuming after a dropped connection from the last line seen, so every line is
// delivered once and in order: lines at or below the last seq are dropped, the reconnect asks for what is after.
import { followSse } from '../../../lib/followSse';
import type { SseEvent } from '../../../lib/sse';
import type { LogLine, PushStatus, StageStatus } from '../../../lib/api/types';

export interface StageChange {
  position: number;
  name: string;
  status: StageStatus;
  exit_code?: number | null;
}

export interface PushChange {
  id: number;
  status: PushStatus;
  tag?: string | null;
  /** While `paused`: the position of the stage that runs on continue. */
  paused_before?: number | null;
}

export interface FollowHandlers {
  onLines(lines: LogLine[]): void;
  onStage?(stage: StageChange): void;
  onPush?(push: PushChange): void;
  onEnd?(push: PushChange): void;
  /** `true` while connected, `false` after a drop until the next connection answers. */
  onConnected?(connected: boolean): void;
  /** A refusal (403, 404, a 401 after sign-out): following stops. */
  onFatal?(error: unknown): void;
}

export interface FollowOptions {
  pushId: number;
  /** The last seq already shown: the stream starts after it. */
  after: number;
  /** fetch with auth (apiFetch); throws on non-2xx with an error carrying `status`. */
  fetch: (path: string, init: RequestInit) => Promise<Response>;
  handlers: FollowHandlers;
  signal: AbortSignal;
  /** Milliseconds before reconnect attempt n (0-based). */
  backoff?: (attempt: number) => number;
  /** Waits, rejecting when the signal aborts; replaceable in tests. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Runs until the push ends, a fatal refusal, or the signal aborts. Resolves with the last seq delivered. */
export async function followLog(options: FollowOptions): Promise<number> {
  const { pushId, handlers } = options;
  let last = options.after;
  await followSse({
    ...options,
    path: () => `/api/v1/pushes/${pushId}/log/stream?after=${last}`,
    headers: () => ({ 'Last-Event-ID': String(last) }),
    onConnected: handlers.onConnected,
    onFatal: handlers.onFatal,
    onEvents(events: SseEvent[]): boolean {
      let batch: LogLine[] = [];
      for (const e of events) {
        if (e.event === 'line') {
          const line = JSON.parse(e.data) as LogLine;
          if (line.seq <= last) continue; // already delivered before a reconnect
          last = line.seq;
          batch.push(line);
          continue;
        }
        if (batch.length) {
          handlers.onLines(batch);
          batch = [];
        }
        if (e.event === 'stage') handlers.onStage?.(JSON.parse(e.data) as StageChange);
        else if (e.event === 'push') handlers.onPush?.(JSON.parse(e.data) as PushChange);
        else if (e.event === 'end') {
          handlers.onEnd?.(JSON.parse(e.data) as PushChange);
          return true;
        }
      }
      if (batch.length) handlers.onLines(batch);
      return false;
    },
  });
  return last;
}
