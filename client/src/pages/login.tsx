import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { loginBody } from 'virtual:validators';
import { ApiError, get, post } from '../api';
import { Alert, Button, Field } from '../components/ui';
import { replaceRoute, useRoute } from '../router';
import type { User } from '../session';
import { check, type FieldErrors } from '../validation';

/** Why a sign-in with an identity provider came back without a session (the code the server sends back). */
const PROVIDER_FAILURES: Record<string, string> = {
  unknown_identity: 'Aucun compte n’est associé à cette identité : demandez une invitation à votre structure ou à l’ARS.',
  account_inactive: 'Ce compte est désactivé : adressez-vous à votre structure ou à l’ARS.',
  provider_refused: 'La connexion a été annulée ou refusée par le service d’identité.',
  provider_unavailable: 'Le service d’identité ne répond pas : réessayez dans quelques minutes, ou connectez-vous avec votre mot de passe.',
  sign_in_failed: 'La connexion n’a pas abouti (lien expiré ou déjà utilisé) : recommencez depuis cette page.',
  too_many_attempts: 'Trop de tentatives de connexion depuis cette adresse : réessayez dans une minute.',
};

export function LoginPage({ onLogin }: { onLogin: (user: User) => void }) {
  const { params } = useRoute();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | undefined>(() => {
    const code = params.get('erreur');
    return code ? PROVIDER_FAILURES[code] ?? PROVIDER_FAILURES.sign_in_failed : undefined;
  });
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<Array<{ id: string; label: string }>>([]);
  // The code has been read: a reload or a shared address shows a clean login page. In a layout effect, in
  // the same task as the first render (as the password page does), so no one sees the page with the old address.
  useLayoutEffect(() => {
    if (params.has('erreur')) replaceRoute('/');
  }, []);
  useEffect(() => {
    get<Array<{ id: string; label: string }>>('/api/auth/providers').then(setProviders, () => setProviders([]));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { email: email.trim(), password };
    const found = check(loginBody, body);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const res = await post<{ user: User }>('/api/auth/login', body);
      onLogin(res.user);
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 401 ? 'Adresse e-mail ou mot de passe incorrect.' : error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login" id="contenu">
      <h1>Interprétariat santé</h1>
      <p>Un·e interprète professionnel·le pour vos patients, en moins d’une minute.</p>
      <form onSubmit={submit} noValidate aria-label="Connexion">
        {failure && <Alert>{failure}</Alert>}
        <Field label="Adresse e-mail" error={errors.email}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="email" type="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <Field label="Mot de passe" error={errors.password}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <Button type="submit" busy={busy}>Se connecter</Button>
      </form>
      {providers.length > 0 && (
        <nav class="login-providers" aria-label="Autres moyens de connexion">
          {providers.map((provider) => (
            <a key={provider.id} class="button button--secondary" href={`/api/auth/oidc/${provider.id}/start`}>Se connecter avec {provider.label}</a>
          ))}
        </nav>
      )}
      <p class="login-links"><a href="#/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
    </main>
  );
}
