// Follows a Server-Sent Events stream through dropped connections: after a drop it waits (backing off) and
// asks again from the resume point the caller keeps, so nothing is missed or repeated. Read with fetch, since
// EventSource cannot send the Authorization header.
import { SseParser, type SseEvent } from './sse';

export interface SseFollowOptions {
  /** The path to ask for, from the current resume point (the caller's own state). */
  path: () => string;
  /** Headers of each request (e.g. Last-Event-ID). */
  headers: () => Record<string, string>;
  /** fetch with auth (apiFetch); throws on non-2xx with an error carrying `status`. */
  fetch: (path: string, init: RequestInit) => Promise<Response>;
  /** The events of one chunk; return true to stop following (the stream's end). */
  onEvents(events: SseEvent[]): boolean;
  /** `true` while connected, `false` after a drop until the next connection answers. */
  onConnected?(connected: boolean): void;
  /** A refusal (403, 404, a 401 after sign-out): following stops. */
  onFatal?(error: unknown): void;
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

/** Runs until `onEvents` says the stream ended, a fatal refusal, or the signal aborts. */
export async function followSse(options: SseFollowOptions): Promise<void> {
  const { signal } = options;
  const backoff = options.backoff ?? defaultBackoff;
  const wait = options.wait ?? abortableWait;
  let attempt = 0;
  while (!signal.aborted) {
    try {
      const response = await options.fetch(options.path(), {
        headers: { Accept: 'text/event-stream', ...options.headers() },
        signal,
      });
      options.onConnected?.(true);
      const body = response.body;
      if (!body) throw new Error('the stream has no body');
      const reader = body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const events = parser.push(decoder.decode(value, { stream: true }));
        if (events.length) attempt = 0;
        if (options.onEvents(events)) {
          await reader.cancel().catch(() => undefined);
          return;
        }
      }
      // The stream closed without its end: a proxy or the server went away. Reconnect.
    } catch (error) {
      if (signal.aborted) break;
      if (isFatal(error)) {
        options.onFatal?.(error);
        return;
      }
    }
    if (signal.aborted) break;
    options.onConnected?.(false);
    try {
      await wait(backoff(attempt++), signal);
    } catch {
      break;
    }
  }
}
