// A schedule's rule in words ("every weekday at 02:00 (Europe/Berlin)"), and how a tick's outcome looks. The
// common cron shapes are said in words; anything else is shown as its pattern, which the page prints beside it.
import type { RunOutcome, Schedule } from '../../../lib/api/types';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const isNumber = (s: string) => /^\d+$/.test(s);
const two = (n: number) => String(n).padStart(2, '0');

/** A day-of-week number or name (0 and 7 are Sunday), or null. */
function day(s: string): number | null {
  const lower = s.toLowerCase();
  if (lower in DAY_NAMES) return DAY_NAMES[lower] ?? null;
  if (!isNumber(s)) return null;
  const n = Number(s);
  return n <= 7 ? n % 7 : null;
}

/** The day-of-week field in words ("Monday to Friday", "Monday and Thursday"), or null when it is not simple. */
function daysText(field: string): string | null {
  if (field === '1-5' || field.toLowerCase() === 'mon-fri') return 'weekday';
  const range = /^(\w+)-(\w+)$/.exec(field);
  if (range) {
    const from = day(range[1] ?? '');
    const to = day(range[2] ?? '');
    return from === null || to === null ? null : `${DAYS[from]} to ${DAYS[to]}`;
  }
  const days = field.split(',').map(day);
  if (days.some((d) => d === null)) return null;
  const names = days.map((d) => DAYS[d ?? 0] ?? '');
  return names.length === 1 ? (names[0] ?? null) : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The ordinal of a day of the month: 1st, 2nd, 3rd, 11th, 21st. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A 5-field cron pattern in words, or null when it is not one of the common shapes. */
export function cronText(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  const step = /^\*\/(\d+)$/;
  const everyDay = dom === '*' && month === '*' && dow === '*';
  if (everyDay && hour === '*') {
    if (minute === '*') return 'every minute';
    const m = step.exec(minute);
    if (m) return `every ${m[1]} minutes`;
    if (isNumber(minute)) return `every hour at minute ${Number(minute)}`;
    return null;
  }
  if (!isNumber(minute) || Number(minute) > 59) return null;
  let at: string;
  const everyHours = step.exec(hour);
  if (isNumber(hour) && Number(hour) <= 23) at = `at ${two(Number(hour))}:${two(Number(minute))}`;
  else if (everyHours) at = `every ${everyHours[1]} hours at minute ${Number(minute)}`;
  else return null;
  if (everyDay) return everyHours ? at : `every day ${at}`;
  if (dom === '*' && month === '*') {
    const days = daysText(dow);
    return days ? `every ${days} ${at}` : null;
  }
  if (isNumber(dom) && dow === '*') {
    const n = Number(dom);
    if (month === '*') return `on the ${ordinal(n)} of every month ${at}`;
    if (isNumber(month) && Number(month) >= 1 && Number(month) <= 12) return `every ${MONTHS[Number(month) - 1]} ${n} ${at}`;
  }
  return null;
}

/** A recurring schedule's rule in words with its time zone; a one-off's is "once" (its time is shown apart). */
export function ruleText(s: Pick<Schedule, 'cron' | 'timezone' | 'at'>): string {
  if (!s.cron) return 'once';
  const words = cronText(s.cron);
  const zone = s.timezone ? ` (${s.timezone})` : '';
  return words ? `${words}${zone}` : `by the cron pattern ${s.cron.trim()}${zone}`;
}

/** A tick's outcome as an icon and a word: never color alone. */
export const OUTCOME: Record<RunOutcome, { icon: string; label: string }> = {
  pushed: { icon: '✓', label: 'pushed' },
  frozen: { icon: '❄', label: 'skipped: frozen' },
  missed: { icon: '◌', label: 'missed' },
  failed: { icon: '✗', label: 'could not push' },
};

/** A time as UTC, for a tooltip beside the viewer's local time: "2026-12-07 02:00:00 UTC". */
export function utcText(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
