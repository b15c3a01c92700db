import { useState } from 'preact/hooks';
import { passwordChangeBody } from 'virtual:validators';
import { put } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { ROLE_LABELS, useSession } from '../../session';
import { useSubmit } from '../../components/use-submit';
import { MISMATCH, NewPasswordFields } from './new-password';

/** "Mon compte": who one is, and a new password (the other sessions end, this one stays). */
export function MyAccountPage() {
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);
  const { errors, failure, busy, submit } = useSubmit();

  const onSubmit = (event: Event) => {
    event.preventDefault();
    setDone(false);
    const body = { currentPassword: current, newPassword: next };
    const send = async () => {
      await put('/api/me/password', body);
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirmation('');
    };
    const alsoCheck = (found: Record<string, string>) => {
      if (!found.newPassword && next !== confirmation) found.confirmation = MISMATCH;
    };
    void submit(passwordChangeBody, body, send, { alsoCheck });
  };

  return (
    <section aria-labelledby="account-title" class="page">
      <h1 id="account-title">Mon compte</h1>
      <dl class="account-facts">
        <dt>Nom</dt>
        <dd>{user.name}</dd>
        <dt>Adresse e-mail</dt>
        <dd>{user.email}</dd>
        <dt>Rôle</dt>
        <dd>{ROLE_LABELS[user.role]}{user.referent ? ' · référent·e de la structure' : ''}</dd>
      </dl>
      <form onSubmit={onSubmit} noValidate class="stack book-form" aria-labelledby="password-title">
        <h2 id="password-title">Changer de mot de passe</h2>
        <div aria-live="polite">{done && <Alert kind="success">Mot de passe changé. Vos autres sessions ont été fermées ; celle-ci reste ouverte.</Alert>}</div>
        {failure && <Alert>{failure}</Alert>}
        <Field label="Mot de passe actuel" error={errors.currentPassword}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="currentPassword" type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <NewPasswordFields field="newPassword" value={next} confirmation={confirmation} onValue={setNext} onConfirmation={setConfirmation} errors={errors} />
        <Button type="submit" busy={busy}>Changer le mot de passe</Button>
      </form>
    </section>
  );
}
