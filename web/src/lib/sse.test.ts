import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('parses events with ids, names and multi-line data', () => {
    const p = new SseParser();
    const events = p.push('id: 7\nevent: line\ndata: {"a":1}\n\nevent: end\ndata: one\ndata: two\n\n');
    expect(events).toEqual([
      { event: 'line', data: '{"a":1}', id: '7' },
      { event: 'end', data: 'one\ntwo', id: null },
    ]);
  });

  it('keeps partial input until the event is complete, across any split', () => {
    const text = 'id: 1\nevent: line\ndata: {"text":"héllo"}\n\n: keep-alive\n\nid: 2\nevent: line\ndata: x\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events.map((e) => e.id)).toEqual(['1', '2']);
    }
  });

  it('accepts CRLF and CR line ends, even a CRLF split between chunks', () => {
    const p = new SseParser();
    const events = [...p.push('data: a\r'), ...p.push('\n\r\ndata: b\r\r')];
    expect(events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('ignores comments, unknown fields and events without data', () => {
    const p = new SseParser();
    expect(p.push(': keep-alive\n\nretry: 10\nfoo: bar\n\nevent: x\n\n')).toEqual([]);
    expect(p.push('data\n\n')).toEqual([{ event: 'message', data: '', id: null }]);
  });

  it('does not strip more than one leading space of a value', () => {
    const p = new SseParser();
    expect(p.push('data:  two spaces\n\n')[0]?.data).toBe(' two spaces');
  });
});
