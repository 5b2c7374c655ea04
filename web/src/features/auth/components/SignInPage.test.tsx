import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { getSession, setSession } from '../../../lib/session';
import { SignInPage } from './SignInPage';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function serve(methods: unknown, login?: (body: unknown) => Response) {
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname;
    if (path === '/api/v1/auth/methods') return json(200, methods);
    if (path === '/api/v1/auth/login' && login) return login(await req.json());
    return json(404, { error: { code: 'not_found', message: 'no route' } });
  });
}

function renderPage() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SignInPage />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe('SignInPage', () => {
  it('signs in with a directory password and goes to the page that was wanted', async () => {
    window.history.replaceState(null, '', '/sign-in?next=%2Fdeployments%2F7');
    const user = { username: 'bob', groups: ['devs'], admin: false };
    serve({ ldap: true, cas: null }, () => json(200, { token: 'tok', expires_at: '2026-12-02T00:00:00Z', user }));
    renderPage();
    await userEvent.type(screen.getByLabelText('Username'), 'bob');
    await userEvent.type(screen.getByLabelText('Password'), 'bob-pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(window.location.pathname).toBe('/deployments/7'));
    expect(getSession()?.user.username).toBe('bob');
    expect(screen.queryByRole('link', { name: 'Sign in with CAS' })).toBeNull();
  });

  it("shows the API's message when sign-in is refused", async () => {
    window.history.replaceState(null, '', '/sign-in');
    serve({ ldap: true, cas: null }, () => json(401, { error: { code: 'unauthorized', message: 'invalid username or password' } }));
    renderPage();
    await userEvent.type(screen.getByLabelText('Username'), 'bob');
    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('invalid username or password');
    expect(getSession()).toBeNull();
  });

  it('offers CAS, keeping the wanted page, and hides the password form when LDAP is off', async () => {
    window.history.replaceState(null, '', '/sign-in?next=%2Fpushes%2F9');
    serve({ ldap: false, cas: { url: 'https://sso.example.org/cas' } });
    renderPage();
    const link = await screen.findByRole('link', { name: 'Sign in with CAS' });
    const service = `${window.location.origin}/sign-in/cas?next=%2Fpushes%2F9`;
    expect(link.getAttribute('href')).toBe(`/api/v1/auth/cas/login?service=${encodeURIComponent(service)}`);
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});
