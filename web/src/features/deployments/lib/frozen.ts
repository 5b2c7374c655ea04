import type { Deployment, FreezeWindow } from '../../../lib/api/types';

/** The freeze window in effect at `now` (ms since the epoch), from what the list said when it was fetched: the
 *  window then in effect while it lasts, or the next one once it has begun. A page kept open shows a freeze start
 *  and end without fetching the list again. */
export function freezeInEffect(d: Pick<Deployment, 'frozen' | 'next_freeze'>, now: number): FreezeWindow | null {
  const covers = (w: FreezeWindow | null | undefined): w is FreezeWindow =>
    !!w && Date.parse(w.starts_at) <= now && now < Date.parse(w.ends_at);
  if (covers(d.frozen)) return d.frozen;
  if (covers(d.next_freeze)) return d.next_freeze;
  return null;
}
