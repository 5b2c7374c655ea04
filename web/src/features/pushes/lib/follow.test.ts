import { describe, expect, it } from 'vitest';
import { followLog } from './follow';
import type { LogLine } from '../../../lib/api/types';

const line = (seq: number): LogLine => ({ seq, stream: 'stdout', at: '2026-12-01T00:00:00Z', text: `line ${seq}`, stage: 0 });
const lineEvent = (seq: number) => `id: ${seq}\nevent: line\ndata: ${JSON.stringify(line(seq))}\n\n`;

/** A response whose body yields the given chunks, then ends (or fails, if `fail`). */
function sse(chunks: string[], fail = false): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else if (fail) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('followLog', () => {
  it('resumes after a drop from the last line seen, without repeats or gaps', async () => {
    const asked: { path: string; lastEventId: string | null }[] = [];
    const answers = [
      () => sse(['event: push\ndata: {"id":1,"status":"running"}\n\n', lineEvent(1), lineEvent(2).slice(0, 20)], true),
      // The server replays line 2 and 3 even though 2 was... not fully received; and once more line 2 (a repeat).
      () => sse([lineEvent(2), lineEvent(2), lineEvent(3)], false),
      () => {
        throw new TypeError('connection refused');
      },
      () => sse([lineEvent(3), lineEvent(4), 'event: end\ndata: {"id":1,"status":"succeeded"}\n\n']),
    ];
    const got: number[] = [];
    const connected: boolean[] = [];
    let ended = '';
    const last = await followLog({
      pushId: 1,
      after: 0,
      signal: new AbortController().signal,
      wait: async () => undefined,
      fetch: async (path, init) => {
        asked.push({ path, lastEventId: new Headers(init.headers).get('Last-Event-ID') });
        const answer = answers.shift();
        if (!answer) throw new Error('asked too often');
        return answer();
      },
      handlers: {
        onLines: (lines) => got.push(...lines.map((l) => l.seq)),
        onConnected: (c) => connected.push(c),
        onEnd: (p) => (ended = p.status),
      },
    });
    expect(got).toEqual([1, 2, 3, 4]);
    expect(last).toBe(4);
    expect(ended).toBe('succeeded');
    expect(asked.map((a) => a.lastEventId)).toEqual(['0', '1', '3', '3']);
    expect(asked[1]?.path).toBe('/api/v1/pushes/1/log/stream?after=1');
    expect(connected).toEqual([true, false, true, false, false, true]);
  });

  it('stops on a refusal instead of retrying', async () => {
    let calls = 0;
    let fatal: unknown = null;
    await followLog({
      pushId: 9,
      after: 5,
      signal: new AbortController().signal,
      wait: async () => undefined,
      fetch: async () => {
        calls++;
        throw Object.assign(new Error('You may not view this push.'), { status: 403 });
      },
      handlers: { onLines: () => undefined, onFatal: (e) => (fatal = e) },
    });
    expect(calls).toBe(1);
    expect((fatal as Error).message).toBe('You may not view this push.');
  });

  it('ends when aborted while waiting to reconnect', async () => {
    const controller = new AbortController();
    const last = await followLog({
      pushId: 1,
      after: 3,
      signal: controller.signal,
      wait: async () => {
        controller.abort();
        throw new Error('aborted');
      },
      fetch: async () => sse([lineEvent(4)]),
      handlers: { onLines: () => undefined },
    });
    expect(last).toBe(4);
  });
});
