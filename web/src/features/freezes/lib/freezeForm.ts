// The freeze form's rules: the spec's (rules.gen.ts: reason, cron, duration, time zone) and the API's own
// (common/src/freezes): a one-off window has both ends with the end after the start; a recurring one has a
// cron pattern, a duration and a time zone; at most one scope. Checked here so a mistake shows at its field.
import { breaks, ruleFor } from '../../../lib/api/rules';
import { checkNumber, type Problems } from '../../../lib/forms';
import type { Freeze, NewFreeze } from '../../../lib/api/types';
import { localToIso } from '../../../lib/localTime';

export type Scope = 'all' | 'category' | 'application' | 'deployment';

export interface FreezeDraft {
  kind: 'once' | 'recurring';
  reason: string;
  /** `datetime-local` values, in the browser's time zone. */
  starts: string;
  ends: string;
  cron: string;
  duration: string;
  timezone: string;
  scope: Scope;
  /** The chosen category, application or deployment id, as the select holds it. */
  scopeId: string;
}

export function emptyDraft(scope: Scope = 'all', scopeId = ''): FreezeDraft {
  let timezone = 'UTC';
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    // No Intl time zone: UTC.
  }
  return { kind: 'once', reason: '', starts: '', ends: '', cron: '', duration: '60', timezone, scope, scopeId };
}

export function validateFreeze(d: FreezeDraft): Problems {
  const problems: Problems = {};
  const reason = breaks(ruleFor('NewFreeze', 'reason'), d.reason);
  if (reason) problems.reason = reason;
  if (d.kind === 'once') {
    const starts = localToIso(d.starts);
    const ends = localToIso(d.ends);
    if (!starts) problems.starts_at = 'give a date and time';
    if (!ends) problems.ends_at = 'give a date and time';
    else if (starts && Date.parse(ends) <= Date.parse(starts)) problems.ends_at = 'must be after the start';
  } else {
    const cron = breaks(ruleFor('NewFreeze', 'cron'), d.cron.trim());
    if (cron) problems.cron = cron.startsWith('must be at most') ? cron : 'must have 5 fields: minute hour day month weekday';
    const duration = checkNumber('NewFreeze', 'duration_minutes', d.duration);
    if (duration) problems.duration_minutes = duration;
    const tz = breaks(ruleFor('NewFreeze', 'timezone'), d.timezone.trim());
    if (tz) problems.timezone = tz === 'has characters that are not allowed here' ? 'must be a time zone name such as Europe/Berlin or UTC' : tz;
  }
  if (d.scope !== 'all' && !/^\d+$/.test(d.scopeId)) problems.scope = `choose the ${d.scope}`;
  return problems;
}

/** The request body for a valid draft. */
export function freezeBody(d: FreezeDraft): NewFreeze {
  const body: NewFreeze = { reason: d.reason };
  if (d.kind === 'once') {
    body.starts_at = localToIso(d.starts);
    body.ends_at = localToIso(d.ends);
  } else {
    body.cron = d.cron.trim();
    body.duration_minutes = Number(d.duration);
    body.timezone = d.timezone.trim();
  }
  if (d.scope !== 'all') body[`${d.scope}_id`] = Number(d.scopeId);
  return body;
}

export interface Names {
  categories: Map<number, string>;
  applications: Map<number, string>;
  deployments: Map<number, string>;
}

/** What a freeze covers, in words. */
export function scopeText(f: Pick<Freeze, 'category_id' | 'application_id' | 'deployment_id'>, names: Names): string {
  if (f.deployment_id != null) return `deployment ${names.deployments.get(f.deployment_id) ?? `#${f.deployment_id}`}`;
  if (f.application_id != null) return `application ${names.applications.get(f.application_id) ?? `#${f.application_id}`}`;
  if (f.category_id != null) return `category ${names.categories.get(f.category_id) ?? `#${f.category_id}`}`;
  return 'every deployment';
}

/** A duration in minutes as "90 minutes" or "2 hours" or "1 day 2 hours". */
export function minutesText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const part = (n: number, unit: string) => (n ? `${n} ${unit}${n === 1 ? '' : 's'}` : '');
  return [part(days, 'day'), part(hours, 'hour'), part(mins, 'minute')].filter(Boolean).join(' ') || '0 minutes';
}
