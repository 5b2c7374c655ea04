// The signed-in session: the bearer token and who it belongs to, kept in sessionStorage (gone when the tab
// closes, never sent anywhere but the Authorization header). Components read it with useSession().
import { useSyncExternalStore } from 'react';
import type { Me } from './api/types';

export interface Session {
  token: string;
  user: Me;
  expiresAt: string | null;
}

const KEY = 'rolf.session';
const listeners = new Set<() => void>();
let current: Session | null = load();

function load(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode, quota): the session lives in memory for this page.
  }
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** Where to go to sign in, keeping the page the user was on. */
export function signInPath(next: string): string {
  return next && next !== '/' && !next.startsWith('/sign-in') ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/** The `next` of a sign-in URL, if it is a path on this site (never an open redirect). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
