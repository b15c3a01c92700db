import { useLayoutEffect, useState } from 'preact/hooks';
import type { User } from '../../session';
import { setPasswordBody } from 'virtual:validators';
import { ApiError, post } from '../../api';
import { Alert, Button } from '../../components/ui';
import { replaceRoute, useRoute } from '../../router';
import { useSubmit } from '../../components/use-submit';
import { MISMATCH, NewPasswordFields } from './new-password';

/**
 * Reached from an invitation or reset mail (an invitation's signs the person in once the password is chosen) (`#/mot-de-passe?jeton=…`): the token is read once, then taken
 * out of the address bar and the history, so that it is in no later screenshot, bookmark or shared link.
 */
export function SetPasswordPage({ onLogin }: { onLogin?: ((user: User) => void) | undefined }) {
  const { params } = useRoute();
  const [token] = useState(() => params.get('jeton') ?? '');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { errors, failure, busy, submit } = useSubmit();
  const [doneFor, setDoneFor] = useState<string>();
  const [spent, setSpent] = useState(false);
  // A layout effect: the address changes in the same task as the first render, before anything (a
  // screenshot, a test, the person) can see the page with the token still in the bar.
  useLayoutEffect(() => {
    if (params.get('jeton')) replaceRoute('/mot-de-passe');
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const body = { token, password };
    const send = async () => {
      try {
        const answer = await post<{ email: string; user?: User }>('/api/auth/set-password', body);
        // An invitation signs the person in: straight to their first page.
        if (answer.user && onLogin) return onLogin(answer.user);
        setDoneFor(answer.email);
      } catch (error) {
        setSpent(error instanceof ApiError && error.code === 'invalid_token');
        throw error;
      }
    };
    const alsoCheck = (found: Record<string, string>) => {
      if (!found.password && password !== confirmation) found.confirmation = MISMATCH;
    };
    void submit(setPasswordBody, body, send, { alsoCheck });
  };

  return (
    <main class="login" id="contenu">
      <h1>Choisir mon mot de passe</h1>
      {doneFor ? (
        <>
          <Alert kind="success">Votre mot de passe est enregistré. Connectez-vous avec {doneFor} et ce mot de passe.</Alert>
          <p class="login-links"><a href="#/">Se connecter</a></p>
        </>
      ) : !/^[A-Za-z0-9_-]{43}$/.test(token) ? (
        <>
          <Alert>Ce lien est incomplet : ouvrez de nouveau le lien reçu par e-mail, ou demandez-en un nouveau.</Alert>
          <p class="login-links"><a href="#/mot-de-passe-oublie">Recevoir un nouveau lien</a></p>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Choisir mon mot de passe" class="stack">
          {failure && <Alert>{failure}</Alert>}
          {spent && <p class="login-links"><a href="#/mot-de-passe-oublie">Recevoir un nouveau lien</a></p>}
          <NewPasswordFields field="password" value={password} confirmation={confirmation} onValue={setPassword} onConfirmation={setConfirmation} errors={errors} />
          <Button type="submit" busy={busy}>Enregistrer le mot de passe</Button>
        </form>
      )}
    </main>
  );
}
