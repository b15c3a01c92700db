import { useState } from 'preact/hooks';
import { loginBody } from 'virtual:validators';
import { ApiError, post } from '../api';
import { Alert, Button, Field } from '../components/ui';
import type { User } from '../session';
import { check, type FieldErrors } from '../validation';

export function LoginPage({ onLogin }: { onLogin: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

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
      <p class="login-links"><a href="#/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
    </main>
  );
}
