import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Link, Redirect, Route, Router, Switch, useLocation, useRoute } from 'wouter';
import { navigate as navigateNow } from 'wouter/use-browser-location';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { setNavigator } from '../lib/api/client';
import { makeQueryClient } from '../lib/queryClient';
import { signInPath, useSession } from '../lib/session';
import { confirmLeave, useGuardedLocation } from '../lib/unsaved';
import { CasReturnPage, SignInPage, signOut } from '../features/auth';
import { DashboardPage, DeploymentPage } from '../features/deployments';
import { PushPage } from '../features/pushes';
import { EditPage } from '../features/edit';
import { CookbookPage } from '../features/cookbook';
import { AdminPage } from '../features/admin';
import { NeedsApproval, PushApproval } from '../features/approvals';
import { FreezeBanner, FreezesPage } from '../features/freezes';
import { WorkersPage } from '../features/workers';
import { SchedulesSection } from '../features/schedules';
import { DocumentSection } from '../features/documents';

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      {/* Every in-app navigation asks first when a form has unsaved edits. */}
      <Router hook={useGuardedLocation}>
        <Routes />
      </Router>
    </QueryClientProvider>
  );
}

function Routes() {
  const [location] = useLocation();
  const session = useSession();
  // A 401 ends the session: sign-in comes at once, unsaved edits or not.
  useEffect(() => setNavigator((path) => navigateNow(path, { replace: true })), []);

  if (location === '/sign-in') return <SignInPage />;
  if (location === '/sign-in/cas') return <CasReturnPage />;
  if (!session) return <Redirect to={signInPath(location + window.location.search)} replace />;
  return (
    <>
      <Header />
      <ConnectionBanner />
      <Switch>
        <Route path="/">{() => <DashboardPage top={<NeedsApproval />} />}</Route>
        <Route path="/deployments/:id/edit">{(p) => <EditPage key={p.id} id={Number(p.id)} />}</Route>
        <Route path="/deployments/:id">
          {(p) => (
            <DeploymentPage
              key={p.id}
              id={Number(p.id)}
              notices={(d, canEdit) => <FreezeBanner deployment={d} canEdit={canEdit} />}
              sections={(d, canEdit) => (
                <>
                  <SchedulesSection deploymentId={d.id} canEdit={canEdit} />
                  {canEdit && <DocumentSection deployment={d} />}
                </>
              )}
            />
          )}
        </Route>
        <Route path="/pushes/:id">
          {(p) => <PushPage key={p.id} id={Number(p.id)} details={(push) => <PushApproval push={push} />} />}
        </Route>
        <Route path="/cookbook">{() => <CookbookPage />}</Route>
        <Route path="/freezes">{() => <FreezesPage />}</Route>
        <Route path="/admin/workers">{() => (session.user.admin ? <WorkersPage /> : <AdminOnly />)}</Route>
        <Route path="/admin">{() => (session.user.admin ? <AdminPage /> : <AdminOnly />)}</Route>
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

function AdminOnly() {
  return (
    <main>
      <h1>Admin</h1>
      <p role="alert" className="error">
        <span aria-hidden="true">⊘ </span>Only admins may use this page.
      </p>
    </main>
  );
}

/** A header link, marked as the current page on its path (and below it, unless `exact`). */
function NavLink({ href, children, exact = false }: { href: string; children: string; exact?: boolean }) {
  const [active] = useRoute(href === '/' || exact ? href : `${href}/*?`);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Header() {
  const session = useSession();
  return (
    <header className="top">
      <Link href="/" className="brand">
        Rolf
      </Link>
      <nav aria-label="Main">
        <NavLink href="/">Dashboard</NavLink>
        <NavLink href="/cookbook">Cookbook</NavLink>
        <NavLink href="/freezes">Freezes</NavLink>
        {session?.user.admin && (
          <NavLink href="/admin" exact>
            Admin
          </NavLink>
        )}
        {session?.user.admin && <NavLink href="/admin/workers">Workers</NavLink>}
      </nav>
      <span className="muted">
        Signed in as <strong>{session?.user.username}</strong>
        {session?.user.admin ? ' (admin)' : ''}
      </span>
      <button
        type="button"
        onClick={async () => {
          if (!confirmLeave()) return;
          await signOut();
          navigateNow('/sign-in', { replace: true });
        }}
      >
        Sign out
      </button>
    </header>
  );
}
