import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { setSession } from '../../../lib/session';
import type { SignedIn } from '../../../lib/api/types';

function keep(signed: SignedIn): void {
  setSession({ token: signed.token, user: signed.user, expiresAt: signed.expires_at });
}

export async function signIn(username: string, password: string): Promise<void> {
  keep(await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } })));
}

/** Trades a CAS service ticket for a session. */
export async function signInWithTicket(ticket: string, service: string): Promise<void> {
  keep(await unwrap(api.POST('/api/v1/auth/cas', { body: { ticket, service } })));
}

/** Which sign-in methods are on (LDAP, CAS). */
export function useSignInMethods() {
  return useQuery({
    queryKey: ['auth', 'methods'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/methods')),
    staleTime: Infinity,
  });
}

/** Revokes the session on the server (best effort) and forgets it here. */
export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout');
  } catch {
    // Offline: the token is forgotten anyway and expires on its own.
  }
  setSession(null);
}
