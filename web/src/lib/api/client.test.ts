import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, apiFetch, setNavigator, unwrap } from './client';
import { ApiError, ConnectionError } from './errors';
import { getSession, setSession } from '../session';
import { isOnline, setOnline } from '../connection';

const user = { username: 'alice', groups: ['ops'], admin: false };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
  setOnline(true);
});

describe('the API client', () => {
  it('sends the bearer token and returns typed data', async () => {
    setSession({ token: 'tok-1', user, expiresAt: null });
    const fetch = vi.fn(async (req: Request) => {
      expect(req.headers.get('Authorization')).toBe('Bearer tok-1');
      return json(200, user);
    });
    vi.stubGlobal('fetch', fetch);
    await expect(unwrap(api.GET('/api/v1/me'))).resolves.toEqual(user);
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("turns an error body into an ApiError with the API's message", async () => {
    setSession({ token: 't', user, expiresAt: null });
    vi.stubGlobal('fetch', async () => json(403, { error: { code: 'forbidden', message: 'You need push here.' } }));
    const error = await unwrap(api.POST('/api/v1/pushes/{id}/cancel', { params: { path: { id: 3 } } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('You need push here.');
    expect(getSession()).not.toBeNull();
  });

  it('ends the session on a 401 and goes to sign-in keeping the path', async () => {
    window.history.replaceState(null, '', '/pushes/42?x=1');
    setSession({ token: 'expired', user, expiresAt: null });
    const went: string[] = [];
    setNavigator((p) => went.push(p));
    vi.stubGlobal('fetch', async () => json(401, { error: { code: 'unauthorized', message: 'expired' } }));
    await expect(apiFetch('/api/v1/pushes/42')).rejects.toBeInstanceOf(ApiError);
    expect(getSession()).toBeNull();
    expect(went).toEqual(['/sign-in?next=%2Fpushes%2F42%3Fx%3D1']);
  });

  it('marks the connection lost when no answer comes, and back when one does', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiFetch('/api/v1/me')).rejects.toBeInstanceOf(ConnectionError);
    expect(isOnline()).toBe(false);
    vi.stubGlobal('fetch', async () => json(200, user));
    await apiFetch('/api/v1/me');
    expect(isOnline()).toBe(true);
  });
});
