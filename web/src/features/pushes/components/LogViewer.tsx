// The log, virtualized: only the rows on screen (plus a margin) are in the DOM, and only the pages around them
// are in memory. Each line is rendered as text.
import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogWindow } from '../lib/logWindow';
import type { LogLine } from '../../../lib/api/types';

const ROW = 18;
const STREAM_LABEL: Record<string, string> = { stdout: 'out', stderr: 'err', system: 'sys' };

/** A line to bring into view and mark; `at` tells two jumps to the same line apart. */
export interface Jump {
  seq: number;
  at: number;
}

export function LogViewer({ log, live, jump }: { log: LogWindow; live: boolean; jump?: Jump | null }) {
  useSyncExternalStore(log.subscribe, log.getVersion);
  const total = log.total;
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const followId = useId();
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    void log.ensure(first, last);
  }, [log, first, last, total]);

  useEffect(() => {
    if (follow && total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [follow, total, virtualizer]);

  useEffect(() => {
    if (!jump) return;
    setFollow(false);
    virtualizer.scrollToIndex(jump.seq - 1, { align: 'center' });
  }, [jump, virtualizer]);

  const stopFollowing = () => follow && setFollow(false);
  const onKey = (e: KeyboardEvent) => {
    if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) stopFollowing();
    if (e.key === 'End') setFollow(true);
  };

  return (
    <div className="log">
      <div className="toolbar">
        <input id={followId} type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
        <label htmlFor={followId}>Follow the end of the log</label>
        <span aria-live="polite" className="muted">
          {total.toLocaleString()} lines{live ? ', live' : ''}
        </span>
      </div>
      <div
        ref={scroller}
        className="log-lines"
        role="region"
        aria-label="Log"
        tabIndex={0}
        onWheel={(e) => e.deltaY < 0 && stopFollowing()}
        onKeyDown={onKey}
        onTouchMove={stopFollowing}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <Row
              key={item.key}
              seq={item.index + 1}
              line={log.line(item.index)}
              top={item.start}
              marked={jump?.seq === item.index + 1}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  seq: number;
  line: LogLine | undefined;
  top: number;
  marked: boolean;
}

function Row({ seq, line, top, marked }: RowProps) {
  const stream = line?.stream ?? 'loading';
  return (
    <div
      className={`log-line log-${stream}${marked ? ' log-marked' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-seq={seq}
      aria-current={marked ? 'true' : undefined}
    >
      <span className="log-seq" aria-hidden="true">
        {seq}
      </span>
      <span className="log-stream">{line ? (STREAM_LABEL[line.stream] ?? line.stream) : ''}</span>
      <span className="log-text">{line ? line.text : '…'}</span>
    </div>
  );
}
