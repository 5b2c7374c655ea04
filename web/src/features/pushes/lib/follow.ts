// Follows a push's log stream, resuming after a dropped connection from the last line seen, so every line is
// delivered once and in order: lines at or below the last seq are dropped, the reconnect asks for what is after.
import { SseParser } from '../../../lib/sse';
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

export const defaultBackoff = (attempt: number): number => Math.min(500 * 2 ** attempt, 10_000);

function abortableWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function isFatal(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Runs until the push ends, a fatal refusal, or the signal aborts. Resolves with the last seq delivered. */
export async function followLog(options: FollowOptions): Promise<number> {
  const { pushId, handlers, signal } = options;
  const backoff = options.backoff ?? defaultBackoff;
  const wait = options.wait ?? abortableWait;
  let last = options.after;
  let attempt = 0;
  while (!signal.aborted) {
    let ended = false;
    try {
      const response = await options.fetch(`/api/v1/pushes/${pushId}/log/stream?after=${last}`, {
        headers: { Accept: 'text/event-stream', 'Last-Event-ID': String(last) },
        signal,
      });
      handlers.onConnected?.(true);
      const body = response.body;
      if (!body) throw new Error('the stream has no body');
      const reader = body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const events = parser.push(decoder.decode(value, { stream: true }));
        let batch: LogLine[] = [];
        for (const e of events) {
          if (e.event === 'line') {
            const line = JSON.parse(e.data) as LogLine;
            if (line.seq <= last) continue; // already delivered before a reconnect
            last = line.seq;
            batch.push(line);
            attempt = 0;
            continue;
          }
          if (batch.length) {
            handlers.onLines(batch);
            batch = [];
          }
          if (e.event === 'stage') handlers.onStage?.(JSON.parse(e.data) as StageChange);
          else if (e.event === 'push') handlers.onPush?.(JSON.parse(e.data) as PushChange);
          else if (e.event === 'end') {
            ended = true;
            handlers.onEnd?.(JSON.parse(e.data) as PushChange);
          }
        }
        if (batch.length) handlers.onLines(batch);
        if (ended) {
          await reader.cancel().catch(() => undefined);
          return last;
        }
      }
      // The stream closed without `end`: a proxy or the server went away. Reconnect.
    } catch (error) {
      if (signal.aborted) break;
      if (isFatal(error)) {
        handlers.onFatal?.(error);
        return last;
      }
    }
    if (signal.aborted) break;
    handlers.onConnected?.(false);
    try {
      await wait(backoff(attempt++), signal);
    } catch {
      break;
    }
  }
  return last;
}
