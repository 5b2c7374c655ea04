// `datetime-local` inputs hold a time in the browser's time zone without saying which; the API wants RFC 3339.

/** A `datetime-local` value (seconds and milliseconds allowed) as an RFC 3339 UTC instant, or null when it is
 *  not one. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** An instant as a `datetime-local` value in the browser's time zone, to the second: what `localToIso` reads
 *  back as the same instant. */
export function isoToLocal(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
}
