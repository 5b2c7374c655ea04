// `datetime-local` inputs hold a time in the browser's time zone without saying which; the API wants RFC 3339.

/** A `datetime-local` value (seconds and milliseconds allowed) as an RFC 3339 UTC instant, or null when it is
 *  not one. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}
