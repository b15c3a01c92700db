import { useState } from 'preact/hooks';
import { passwordResetBody } from 'virtual:validators';
import { post } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';

/** "Mot de passe oublié ?": one e-mail field; the same answer whether the address has an account or not. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const { errors, failure, busy, submit } = useSubmit();

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const body = { email: email.trim() };
    void submit(passwordResetBody, body, async () => {
      await post('/api/auth/password-reset', body);
      setSentTo(body.email);
    });
  };

  return (
    <main class="login" id="contenu">
      <h1>Mot de passe oublié</h1>
      {sentTo ? (
        <Alert kind="success">
          Si un compte existe pour {sentTo}, un e-mail vient d’y être envoyé avec un lien pour choisir un nouveau mot de passe.
          Le lien est valable une heure et ne sert qu’une fois. Pensez à regarder dans les indésirables.
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Recevoir un lien" class="stack">
          <p>Indiquez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.</p>
          {failure && <Alert>{failure}</Alert>}
          <Field label="Adresse e-mail" error={errors.email}>
            {({ id, describedBy, invalid }) => (
              <input id={id} name="email" type="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
            )}
          </Field>
          <Button type="submit" busy={busy}>Recevoir un lien</Button>
        </form>
      )}
      <p class="login-links"><a href="#/">Retour à la connexion</a></p>
    </main>
  );
}
