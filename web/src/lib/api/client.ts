// The one API client: generated types (schema.gen.ts) under openapi-fetch, wrapped once for the bearer token,
// errors and lost connections. Every call goes through `api` (typed paths) or `apiFetch` (streams, downloads).
import createClient from 'openapi-fetch';
import { getSession, setSession, signInPath } from '../session';
import { setOnline } from '../connection';
import { ApiError, ConnectionError, toApiError } from './errors';
import type { paths } from './schema.gen';

/** Same origin by default; VITE_ROLF_API points a separately hosted build at an API (it needs ROLF_CORS_ORIGINS). */
export const API_BASE: string = (import.meta.env.VITE_ROLF_API as string | undefined) ?? '';

let navigateTo: (path: string) => void = (path) => window.location.assign(path);

/** The router registers how to navigate, so a 401 goes to sign-in without reloading the page. */
export function setNavigator(fn: (path: string) => void): void {
  navigateTo = fn;
}

/** A 401 on an authenticated call: the session is over; go to sign-in, keeping where the user was. */
function sessionEnded(): void {
  if (!getSession()) return;
  setSession(null);
  const here = window.location.pathname + window.location.search;
  navigateTo(signInPath(here));
}

/** fetch with the bearer token; throws ConnectionError when no answer came, ApiError for non-2xx. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const session = getSession();
  if (session) headers.set('Authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(API_BASE + path, { ...init, headers });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    setOnline(false);
    throw new ConnectionError(e);
  }
  setOnline(true);
  if (!response.ok) {
    if (response.status === 401 && session) sessionEnded();
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    throw toApiError(response.status, body);
  }
  return response;
}

const client = createClient<paths>({ baseUrl: API_BASE || window.location.origin, fetch: (req) => wrapped(req) });

async function wrapped(request: Request): Promise<Response> {
  const session = getSession();
  if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    setOnline(false);
    throw new ConnectionError(e);
  }
  setOnline(true);
  if (response.status === 401 && session) sessionEnded();
  return response;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch result: the data, or the ApiError its error body describes. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

export const api = client;
export { ApiError, ConnectionError };
