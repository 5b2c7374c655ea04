import { api, unwrap } from '../../../lib/api/client';
import { setSession } from '../../../lib/session';

export async function signIn(username: string, password: string): Promise<void> {
  const signed = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }));
  setSession({ token: signed.token, user: signed.user, expiresAt: signed.expires_at });
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
