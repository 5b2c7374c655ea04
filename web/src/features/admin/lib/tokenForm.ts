import { checkFields, checkNumber, type Problems } from '../../../lib/forms';
import type { TokenRequest } from '../api/tokens';

export function validateToken(name: string, days: string): Problems {
  const problems = checkFields('NewToken', { name });
  if (days.trim()) {
    const wrong = checkNumber('NewToken', 'expires_in_days', days);
    if (wrong) problems.expires_in_days = wrong;
  }
  return problems;
}

/** No expiry typed: a token that never expires (the API's meaning of an absent field). */
export function tokenBody(name: string, days: string): TokenRequest {
  return days.trim() ? { name, expires_in_days: Number(days) } : { name };
}
