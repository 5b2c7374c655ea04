import { utcText } from '../lib/rule';

/** A time in the viewer's local time, with UTC in its tooltip. */
export function LocalTime({ at }: { at: string }) {
  return (
    <time dateTime={at} title={utcText(at)}>
      {new Date(at).toLocaleString()}
    </time>
  );
}
