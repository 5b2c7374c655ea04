import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { setNavigator } from '../lib/api/client';
import { makeQueryClient } from '../lib/queryClient';
import { signInPath, useSession } from '../lib/session';
import { CasReturnPage, SignInPage, signOut } from '../features/auth';
import { DashboardPage, DeploymentPage } from '../features/deployments';
import { PushPage } from '../features/pushes';

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <Routes />
    </QueryClientProvider>
  );
}

function Routes() {
  const [location, navigate] = useLocation();
  const session = useSession();
  useEffect(() => setNavigator((path) => navigate(path, { replace: true })), [navigate]);

  if (location === '/sign-in') return <SignInPage />;
  if (location === '/sign-in/cas') return <CasReturnPage />;
  if (!session) return <Redirect to={signInPath(location + window.location.search)} replace />;
  return (
    <>
      <Header />
      <ConnectionBanner />
      <Switch>
        <Route path="/">{() => <DashboardPage />}</Route>
        <Route path="/deployments/:id">{(p) => <DeploymentPage key={p.id} id={Number(p.id)} />}</Route>
        <Route path="/pushes/:id">{(p) => <PushPage key={p.id} id={Number(p.id)} />}</Route>
        <Route>
          <main>
            <h1>Not found</h1>
            <p>
              There is no page here. <Link href="/">Go to the deployments.</Link>
            </p>
          </main>
        </Route>
      </Switch>
    </>
  );
}

function Header() {
  const session = useSession();
  const [, navigate] = useLocation();
  return (
    <header className="top">
      <Link href="/" className="brand">
        Rolf
      </Link>
      <span className="muted">
        Signed in as <strong>{session?.user.username}</strong>
        {session?.user.admin ? ' (admin)' : ''}
      </span>
      <button
        type="button"
        onClick={async () => {
          await signOut();
          navigate('/sign-in', { replace: true });
        }}
      >
        Sign out
      </button>
    </header>
  );
}
