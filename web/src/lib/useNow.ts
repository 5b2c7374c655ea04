import { useEffect, useState } from 'react';

/** The time (ms since the epoch), moved on every `everyMs` while `on`: for what a page shows that changes with
 *  the clock alone (a running stage's progress, a freeze beginning or ending). */
export function useNow(everyMs: number, on = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, on]);
  return now;
}
