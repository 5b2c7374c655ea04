import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { API_BASE } from '../../../lib/api/client';
import { safeNext } from '../../../lib/session';
import { signIn, useSignInMethods } from '../api/signIn';
import { casLoginHref } from '../lib/cas';

export function SignInPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const methods = useSignInMethods();
  const next = safeNext(search ? `?${search}` : '');
  // Until the methods are known (or if asking failed), offer the password form: it says itself when LDAP is off.
  const ldap = methods.data?.ldap ?? true;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>Sign in to Rolf</h1>
      {methods.data?.cas && (
        <p>
          <a className="button" href={casLoginHref(API_BASE, window.location.origin, next)}>
            Sign in with CAS
          </a>
        </p>
      )}
      {!ldap && !methods.data?.cas && <p role="alert">No sign-in method is configured on this Rolf.</p>}
      {ldap && (
        <form onSubmit={submit} aria-label="Sign in">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ErrorMessage error={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
