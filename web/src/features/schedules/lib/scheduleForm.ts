// The schedule form's rules: the spec's (rules.gen.ts: cron, time zone, comment, catch-up minutes), each flag's
// own (lib/flagRules.ts) with required flags given, and the API's own (common/src/schedules.rs): either a cron
// pattern with a time zone or one time. A one-off time must be ahead (a past one would never fire). Checked
// here so a mistake shows at its field; the API checks again and its 422 names the field.
import { breaks, ruleFor } from '../../../lib/api/rules';
import { flagValueProblem } from '../../../lib/flagRules';
import { checkNumber, type Problems } from '../../../lib/forms';
import type { Flag, NewSchedule, Schedule } from '../../../lib/api/types';
import { isoToLocal, localToIso } from '../../../lib/localTime';

export type FlagValues = Record<string, string>;

export interface ScheduleDraft {
  kind: 'once' | 'recurring';
  /** A `datetime-local` value (seconds allowed), in the browser's time zone. */
  at: string;
  cron: string;
  timezone: string;
  values: FlagValues;
  comment: string;
  enabled: boolean;
  catchUp: string;
}

/** The browser's time zone, or UTC when it cannot tell. */
export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Each flag's default; a boolean's is "true" or "false"; a required flag starts empty. */
export function initialFlagValues(flags: Flag[]): FlagValues {
  return Object.fromEntries(
    flags.map((f) => [f.varname, f.kind === 'boolean' ? (f.default === 'true' ? 'true' : 'false') : f.required ? '' : f.default]),
  );
}

export function emptyDraft(flags: Flag[]): ScheduleDraft {
  return {
    kind: 'recurring',
    at: '',
    cron: '',
    timezone: browserTimezone(),
    values: initialFlagValues(flags),
    comment: '',
    enabled: true,
    catchUp: '15',
  };
}

/** A stored schedule as a draft to edit: its rule, its flag values over the flags' defaults, and the rest. */
export function draftOf(flags: Flag[], s: Schedule): ScheduleDraft {
  const stored = s.flags as FlagValues;
  return {
    kind: s.at ? 'once' : 'recurring',
    at: s.at ? isoToLocal(s.at) : '',
    cron: s.cron ?? '',
    timezone: s.timezone ?? browserTimezone(),
    values: { ...initialFlagValues(flags), ...stored },
    comment: s.comment,
    enabled: s.enabled,
    catchUp: String(s.catch_up_minutes),
  };
}

/** Problems by field (`at`, `cron`, `timezone`, `flags.VARNAME`, `comment`, `catch_up_minutes`); empty when the
 *  form may be sent. */
export function validateSchedule(flags: Flag[], d: ScheduleDraft, now = Date.now()): Problems {
  const problems: Problems = {};
  if (d.kind === 'once') {
    const at = localToIso(d.at);
    if (!at) problems.at = 'give a date and time';
    else if (Date.parse(at) <= now) problems.at = 'must be in the future';
  } else {
    const cron = breaks(ruleFor('NewSchedule', 'cron'), d.cron.trim());
    if (cron) problems.cron = cron.startsWith('must be at most') ? cron : 'must have 5 fields: minute hour day month weekday';
    const tz = breaks(ruleFor('NewSchedule', 'timezone'), d.timezone.trim());
    if (tz) problems.timezone = tz === 'has characters that are not allowed here' ? 'must be a time zone name such as Europe/Berlin or UTC' : tz;
  }
  const comment = breaks(ruleFor('NewSchedule', 'comment'), d.comment);
  if (comment) problems.comment = comment;
  const catchUp = checkNumber('NewSchedule', 'catch_up_minutes', d.catchUp);
  if (catchUp) problems.catch_up_minutes = catchUp;
  for (const f of flags) {
    const value = d.values[f.varname] ?? (f.required ? '' : f.default);
    const field = `flags.${f.varname}`;
    if (f.required && value === '') problems[field] = f.kind === 'choice' ? 'required: choose one' : 'required: give a value';
    else {
      const broken = flagValueProblem(f, value);
      if (broken) problems[field] = broken;
    }
  }
  return problems;
}

/** The request body for a valid draft: flags that differ from their default, and every required one (flags left
 *  out take their defaults when the schedule fires). */
export function scheduleBody(flags: Flag[], d: ScheduleDraft): NewSchedule {
  const body: NewSchedule = { comment: d.comment, enabled: d.enabled, catch_up_minutes: Number(d.catchUp) };
  if (d.kind === 'once') body.at = localToIso(d.at);
  else {
    body.cron = d.cron.trim();
    body.timezone = d.timezone.trim();
  }
  const changed: FlagValues = {};
  for (const f of flags) {
    const value = d.values[f.varname];
    if (value !== undefined && (f.required || value !== f.default)) changed[f.varname] = value;
  }
  if (Object.keys(changed).length) body.flags = changed;
  return body;
}
