// CAS sign-in: the browser goes to the API's /auth/cas/login with a `service` URL on this site; CAS comes back
// to that URL with `ticket` added, and the ticket is traded for a session with the very same service string.

export const CAS_RETURN_PATH = '/sign-in/cas';

/** The service URL CAS returns to: this site's CAS page, carrying the page to go to afterwards. */
export function casService(origin: string, next: string): string {
  const base = `${origin}${CAS_RETURN_PATH}`;
  return next && next !== '/' ? `${base}?next=${encodeURIComponent(next)}` : base;
}

/** Where "Sign in with CAS" leads. */
export function casLoginHref(apiBase: string, origin: string, next: string): string {
  return `${apiBase}/api/v1/auth/cas/login?service=${encodeURIComponent(casService(origin, next))}`;
}

/** What CAS came back with: the ticket, the page to go to, and the service string the ticket was issued for. */
export function casReturn(origin: string, search: string): { ticket: string | null; next: string; service: string } {
  const params = new URLSearchParams(search);
  const raw = params.get('next');
  const next = raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
  return { ticket: params.get('ticket'), next, service: casService(origin, next) };
}
