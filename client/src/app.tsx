import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { csrfToken, get, post, whenUnauthorized } from './api';
import { loadLanguagesInUse } from './languages';
import { closeLive, useLiveStatus } from './live';
import { LoginPage } from './pages/login';
import { navigate, useRoute } from './router';
import { ROLE_LABELS, SessionContext, type Role, type User } from './session';

interface Page {
  path: string;
  label: string;
  component: ComponentType;
}

/**
 * A page in a chunk of its own, fetched the first time it is shown: a role downloads its own pages only,
 * and Chart.js comes with the auditor's. Once fetched, the page shows at once.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, failure = 'Cette page n’a pas pu être chargée : rechargez la page.'): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [page, setPage] = useState(() => (loaded ? { component: loaded } : undefined));
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (page) return;
      load().then((component) => {
        loaded = component;
        setPage({ component });
      }, () => setFailed(true));
    }, []);
    if (failed) return <p role="alert">{failure}</p>;
    return page ? <page.component {...props} /> : <p class="loading" role="status">Chargement…</p>;
  };
}

const BookPage = lazyPage(() => import('./pages/requester/book').then((m) => m.BookPage));
const MyRequestsPage = lazyPage(() => import('./pages/requester/requests').then((m) => m.MyRequestsPage));
const TeamPage = lazyPage(() => import('./pages/requester/team').then((m) => m.TeamPage));
const OffersPage = lazyPage(() => import('./pages/interpreter/offers').then((m) => m.OffersPage));
const AgendaPage = lazyPage(() => import('./pages/interpreter/agenda').then((m) => m.AgendaPage));
const MyAvailabilityPage = lazyPage(() => import('./pages/interpreter/availability').then((m) => m.MyAvailabilityPage));
const DispatchPage = lazyPage(() => import('./pages/dispatcher/queue').then((m) => m.DispatchPage));
const AgencyInterpretersPage = lazyPage(() => import('./pages/dispatcher/interpreters').then((m) => m.AgencyInterpretersPage));
const DispatcherStatementsPage = lazyPage(() => import('./pages/dispatcher/statements').then((m) => m.DispatcherStatementsPage));
const AuditorStatementsPage = lazyPage(() => import('./pages/auditor/statements').then((m) => m.AuditorStatementsPage));
const AuditorDashboard = lazyPage(() => import('./pages/auditor/dashboard').then((m) => m.AuditorDashboard));
const RegionsPage = lazyPage(() => import('./pages/auditor/regions').then((m) => m.RegionsPage));
const SimulationPage = lazyPage(() => import('./pages/auditor/simulation').then((m) => m.SimulationPage));
const AdminStructuresPage = lazyPage(() => import('./pages/admin/structures').then((m) => m.AdminStructuresPage));
const AdminAgenciesPage = lazyPage(() => import('./pages/admin/agencies').then((m) => m.AdminAgenciesPage));
const AdminUsersPage = lazyPage(() => import('./pages/admin/users').then((m) => m.AdminUsersPage));
const AdminInterpretersPage = lazyPage(() => import('./pages/admin/interpreters').then((m) => m.AdminInterpretersPage));
const AdminRegionsPage = lazyPage(() => import('./pages/admin/regions').then((m) => m.AdminRegionsPage));
const MyAccountPage = lazyPage(() => import('./pages/account/my-account').then((m) => m.MyAccountPage));
const ForgotPasswordPage = lazyPage(() => import('./pages/account/forgot-password').then((m) => m.ForgotPasswordPage));
const SetPasswordPage = lazyPage(() => import('./pages/account/set-password').then((m) => m.SetPasswordPage));

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
    { path: '/releves', label: 'Relevés mensuels', component: DispatcherStatementsPage },
  ],
  auditor: [
    { path: '/tableau-de-bord', label: 'Tableau de bord', component: AuditorDashboard },
    { path: '/releves', label: 'Relevés des agences', component: AuditorStatementsPage },
    { path: '/simulation', label: 'Simulation', component: SimulationPage },
  ],
  national_auditor: [
    { path: '/regions', label: 'Régions', component: RegionsPage },
    { path: '/simulation', label: 'Simulation', component: SimulationPage },
  ],
  admin: [
    { path: '/structures', label: 'Structures', component: AdminStructuresPage },
    { path: '/agences', label: 'Agences', component: AdminAgenciesPage },
    { path: '/utilisateurs', label: 'Utilisateurs', component: AdminUsersPage },
    { path: '/interpretes', label: 'Interprètes', component: AdminInterpretersPage },
    { path: '/regions', label: 'Régions', component: AdminRegionsPage },
  ],
};

const TEAM: Page = { path: '/equipe', label: 'Mon équipe', component: TeamPage };
const ACCOUNT: Page = { path: '/compte', label: 'Mon compte', component: MyAccountPage };

/** A role's pages, a structure's referent's team, and everyone's account. */
const pagesFor = (user: User): Page[] => [...PAGES[user.role], ...(user.referent ? [TEAM] : []), ACCOUNT];

/** The call page, with its media code, comes in its own chunk: only a call loads it. */
const LazyCallPage = lazyPage(() => import('./pages/call/call-page').then((m) => m.CallPage), 'La page de l’appel n’a pas pu être chargée : rechargez la page.');

/** Every signed-in role reaches it: the server says who takes part, and the page says why the others cannot. */
const CALL: Page = { path: '/appel', label: 'Appel', component: LazyCallPage };

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
  // Without the `csrf` cookie a session sets beside its own, nobody is signed in: the login page shows at
  // once, not after /api/me (still asked, for a session opened before that cookie existed).
  const [user, setUser] = useState<User | null | undefined>(() => (csrfToken() ? undefined : null));
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
  const page = path === CALL.path ? CALL : (pages.find((p) => p.path === path) ?? pages[0]);
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
