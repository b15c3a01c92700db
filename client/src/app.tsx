import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, post, whenUnauthorized } from './api';
import { loadLanguagesInUse } from './languages';
import { closeLive, useLiveStatus } from './live';
import { ForgotPasswordPage } from './pages/account/forgot-password';
import { MyAccountPage } from './pages/account/my-account';
import { SetPasswordPage } from './pages/account/set-password';
import { LoginPage } from './pages/login';
import { AuditorDashboard } from './pages/auditor/dashboard';
import { SimulationPage } from './pages/auditor/simulation';
import { BookPage } from './pages/requester/book';
import { MyRequestsPage } from './pages/requester/requests';
import { TeamPage } from './pages/requester/team';
import { AgendaPage } from './pages/interpreter/agenda';
import { OffersPage } from './pages/interpreter/offers';
import { MyAvailabilityPage } from './pages/interpreter/availability';
import { DispatchPage } from './pages/dispatcher/queue';
import { AgencyInterpretersPage } from './pages/dispatcher/interpreters';
import { AdminStructuresPage } from './pages/admin/structures';
import { AdminAgenciesPage } from './pages/admin/agencies';
import { AdminUsersPage } from './pages/admin/users';
import { AdminInterpretersPage } from './pages/admin/interpreters';
import { navigate, useRoute } from './router';
import { ROLE_LABELS, SessionContext, type Role, type User } from './session';

interface Page {
  path: string;
  label: string;
  component: ComponentType;
}

const PAGES: Record<Role, Page[]> = {
  requester: [
    { path: '/reserver', label: 'Réserver', component: BookPage },
    { path: '/demandes', label: 'Mes demandes', component: MyRequestsPage },
  ],
  interpreter: [
    { path: '/propositions', label: 'Propositions', component: OffersPage },
    { path: '/agenda', label: 'Mon agenda', component: AgendaPage },
    { path: '/disponibilites', label: 'Mes disponibilités', component: MyAvailabilityPage },
  ],
  dispatcher: [
    { path: '/regulation', label: 'À pourvoir', component: DispatchPage },
    { path: '/interpretes', label: 'Interprètes', component: AgencyInterpretersPage },
  ],
  auditor: [
    { path: '/tableau-de-bord', label: 'Tableau de bord', component: AuditorDashboard },
    { path: '/simulation', label: 'Simulation', component: SimulationPage },
  ],
  admin: [
    { path: '/structures', label: 'Structures', component: AdminStructuresPage },
    { path: '/agences', label: 'Agences', component: AdminAgenciesPage },
    { path: '/utilisateurs', label: 'Utilisateurs', component: AdminUsersPage },
    { path: '/interpretes', label: 'Interprètes', component: AdminInterpretersPage },
  ],
};

const TEAM: Page = { path: '/equipe', label: 'Mon équipe', component: TeamPage };
const ACCOUNT: Page = { path: '/compte', label: 'Mon compte', component: MyAccountPage };

/** A role's pages, a structure's referent's team, and everyone's account. */
const pagesFor = (user: User): Page[] => [...PAGES[user.role], ...(user.referent ? [TEAM] : []), ACCOUNT];

/** The call page, with its media code, comes in its own chunk: only a call loads it. */
function LazyCallPage() {
  const [page, setPage] = useState<{ component: ComponentType }>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./pages/call/call-page').then((module) => setPage({ component: module.CallPage }), () => setFailed(true));
  }, []);
  if (failed) return <p role="alert">La page de l’appel n’a pas pu être chargée : rechargez la page.</p>;
  return page ? <page.component /> : <p class="loading" role="status">Chargement…</p>;
}

const CALL: Page = { path: '/appel', label: 'Appel', component: LazyCallPage };
/** Who reaches the call page with their account (guests come with an invitation, without one). */
const CALL_ROLES: Role[] = ['requester', 'interpreter'];

/** A guest's call link (`#/appel?id=…&invitation=…`) needs no account: its token opens the call's socket. */
function GuestCallPage() {
  return (
    <main id="contenu" class="call-standalone">
      <LazyCallPage />
    </main>
  );
}

/** What a public page may do: sign the person in (choosing a password from an invitation does). */
interface PublicPageProps {
  onLogin?: (user: User) => void;
}

/** Pages reached without a session: from the login page, and from a mail's one-time link. */
const PUBLIC_PAGES: Record<string, { title: string; component: ComponentType<PublicPageProps> }> = {
  '/mot-de-passe-oublie': { title: 'Mot de passe oublié', component: ForgotPasswordPage },
  '/mot-de-passe': { title: 'Choisir mon mot de passe', component: SetPasswordPage },
};

export function App() {
  const { path, params } = useRoute();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    whenUnauthorized(() => {
      closeLive();
      setUser(null);
    });
    get<{ user: User }>('/api/me').then((res) => setUser(res.user), () => setUser(null));
  }, []);
  // The names of the languages in use, once signed in (the list is not public).
  useEffect(() => {
    if (user) void loadLanguagesInUse();
  }, [user?.id]);

  if (path === CALL.path && params.has('invitation')) return <PublicPage title="Appel" component={GuestCallPage} />;
  const open = PUBLIC_PAGES[path];
  if (open) {
    const signedIn = (who: User) => {
      setUser(who);
      navigate('/');
    };
    return <PublicPage title={open.title} component={open.component} onLogin={signedIn} />;
  }
  if (user === undefined) return <p class="loading" role="status">Chargement…</p>;
  if (user === null) return <LoginPage onLogin={setUser} />;
  const logout = () => {
    post('/api/auth/logout').catch(() => undefined).finally(() => {
      closeLive();
      setUser(null);
      navigate('/');
    });
  };
  return (
    <SessionContext.Provider value={{ user, logout }}>
      <Shell user={user} logout={logout} />
    </SessionContext.Provider>
  );
}

function PublicPage({ title, component: Component, onLogin }: { title: string; component: ComponentType<PublicPageProps> } & PublicPageProps) {
  useEffect(() => {
    document.title = `${title} · Interprétariat santé`;
  }, [title]);
  return <Component onLogin={onLogin} />;
}

function Shell({ user, logout }: { user: User; logout: () => void }) {
  const { path } = useRoute();
  const pages = pagesFor(user);
  const page = path === CALL.path && CALL_ROLES.includes(user.role) ? CALL : (pages.find((p) => p.path === path) ?? pages[0]);
  const main = useRef<HTMLElement>(null);
  const live = useLiveStatus();
  const first = useRef(true);
  useEffect(() => {
    document.title = page ? `${page.label} · Interprétariat santé` : 'Interprétariat santé';
    // After a change of page, focus goes to its content, so that a screen reader starts there.
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [page]);
  return (
    <>
      <a class="skip-link" href="#contenu" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>Aller au contenu</a>
      <header class="topbar">
        <p class="brand">Interprétariat santé</p>
        <nav aria-label="Navigation principale">
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <a href={`#${p.path}`} aria-current={p === page ? 'page' : undefined}>{p.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class={`live-dot live-dot--${live}`} role="status" title={live === 'connected' ? 'Mises à jour en direct' : 'Hors ligne : reconnexion…'}>
            <span class="visually-hidden">{live === 'connected' ? 'Mises à jour en direct' : 'Hors ligne : reconnexion…'}</span>
          </span>
          <span class="who-name">{user.name} <small>({ROLE_LABELS[user.role]})</small></span>
          <button type="button" class="button button--secondary" onClick={logout}>Se déconnecter</button>
        </div>
      </header>
      <main id="contenu" ref={main} tabIndex={-1}>
        {page ? <page.component /> : <p>Aucune page n’est prévue pour ce rôle dans l’application web : utilisez l’API.</p>}
      </main>
    </>
  );
}
