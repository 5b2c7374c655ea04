// The audit trail's filters as the form holds them, checked by the rules the spec states for `GET /audit`'s
// query (rules.gen.ts: actor, action) and the API's own (until after since), then turned into the query.
import { breaks, queryRuleFor } from '../../../lib/api/rules';
import { localToIso } from '../../../lib/localTime';
import { isEmpty, type Problems } from '../../../lib/forms';

export interface FilterDraft {
  /** A username, exactly. */
  actor: string;
  /** `setting.put`, or `setting` for every action on settings. */
  action: string;
  /** `datetime-local` values, in the browser's time zone; empty for no bound. */
  since: string;
  until: string;
}

/** The filters `GET /audit` is asked with; absent ones are not sent. */
export interface AuditFilters {
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
}

export const EMPTY_DRAFT: FilterDraft = { actor: '', action: '', since: '', until: '' };

const AUDIT = '/api/v1/audit';

/** The filters a draft asks for, or what is wrong with it, by the API's parameter names. */
export function auditFilters(d: FilterDraft): { filters: AuditFilters } | { problems: Problems } {
  const problems: Problems = {};
  const filters: AuditFilters = {};
  const actor = d.actor.trim();
  if (actor) {
    const wrong = breaks(queryRuleFor(AUDIT, 'actor'), actor);
    if (wrong) problems.actor = wrong === 'has characters that are not allowed here' ? 'must not hold control characters' : wrong;
    filters.actor = actor;
  }
  const action = d.action.trim();
  if (action) {
    if (breaks(queryRuleFor(AUDIT, 'action'), action)) {
      problems.action = 'must be an action such as setting.put, or a kind of object such as setting';
    }
    filters.action = action;
  }
  for (const key of ['since', 'until'] as const) {
    if (!d[key]) continue;
    const at = localToIso(d[key]);
    if (at) filters[key] = at;
    else problems[key] = 'give a date and time';
  }
  if (filters.since && filters.until && Date.parse(filters.until) <= Date.parse(filters.since)) {
    problems.until = 'must be after Since';
  }
  return isEmpty(problems) ? { filters } : { problems };
}
