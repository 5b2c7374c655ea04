import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ApiError } from '../../../lib/api/errors';
import { signInWithTicket } from '../api/signIn';
import { casReturn } from '../lib/cas';

/** Where CAS sends the browser back: trades the ticket for a session, then goes to the page the user wanted. */
export function CasReturnPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>(null);
  const tried = useRef(false);

  useEffect(() => {
    if (tried.current) return; // a ticket is single-use: trade it once, even in StrictMode
    tried.current = true;
    const { ticket, next, service } = casReturn(window.location.origin, search ? `?${search}` : '');
    if (!ticket) {
      setError(new ApiError(400, 'no_ticket', 'CAS sent no ticket back; sign in again.'));
      return;
    }
    signInWithTicket(ticket, service).then(() => navigate(next, { replace: true }), setError);
  }, [search, navigate]);

  return (
    <main className="narrow">
      <h1>Signing in with CAS…</h1>
      <ErrorMessage error={error} />
      {error ? <Link href="/sign-in">Back to sign-in</Link> : null}
    </main>
  );
}
