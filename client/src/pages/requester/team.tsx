import { useEffect, useState } from 'preact/hooks';
import { memberInviteBody } from 'virtual:validators';
import { ApiError, api, get, post } from '../../api';
import { Alert, Button, Empty, Field, NoticeArea, useNotice } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { useSession, type User } from '../../session';

const STATUS = (member: User) =>
  !member.active ? { label: 'Désactivé·e', badge: 'cancelled' } : member.invitationPending ? { label: 'Invitation envoyée', badge: 'open' } : { label: 'Actif·ve', badge: 'assigned' };

/** "Mon équipe", for a structure's referent: its requesters, an invitation form, deactivate and reactivate. */
export function TeamPage() {
  const { user } = useSession();
  const base = `/api/structures/${user.structureId}/members`;
  const [members, setMembers] = useState<User[]>();
  const { notice, show } = useNotice();
  const setNotice = (text: string | undefined) => show(text === undefined ? undefined : { kind: 'success', text });
  const [failure, setFailure] = useState<string>();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const invite = useSubmit();

  const load = () => get<User[]>(base).then(setMembers, (e: ApiError) => setFailure(e.message));
  useEffect(() => void load(), []);

  const onInvite = (event: Event) => {
    event.preventDefault();
    setNotice(undefined);
    const body = { name: name.trim(), email: email.trim() };
    void invite.submit(memberInviteBody, body, async () => {
      try {
        await post(base, body);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'duplicate') throw new ApiError(409, 'duplicate', 'Un compte existe déjà avec cette adresse e-mail.');
        throw error;
      }
      setNotice(`Invitation envoyée à ${body.email} : le lien reçu par e-mail est valable 72 heures.`);
      setName('');
      setEmail('');
      await load();
    });
  };

  const act = async (member: User, what: 'deactivate' | 'reactivate' | 'resend') => {
    setNotice(undefined);
    setFailure(undefined);
    try {
      if (what === 'resend') await post(`${base}/${member.id}/invitation`);
      else await api('PATCH', `${base}/${member.id}`, { active: what === 'reactivate' });
      setNotice(what === 'resend' ? `Nouvelle invitation envoyée à ${member.email}.` : what === 'deactivate' ? `${member.name} ne peut plus se connecter.` : `${member.name} peut de nouveau se connecter.`);
      await load();
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    }
  };

  return (
    <section aria-labelledby="team-title" class="page">
      <h1 id="team-title">Mon équipe</h1>
      <p class="hint">Vous êtes référent·e de votre structure : vous invitez vos collègues et fermez l’accès de ceux qui partent.</p>
      <NoticeArea notice={notice} />
      {failure && <Alert>{failure}</Alert>}
      <form onSubmit={onInvite} noValidate class="stack book-form" aria-labelledby="invite-title">
        <h2 id="invite-title">Inviter un·e collègue</h2>
        {invite.failure && <Alert>{invite.failure}</Alert>}
        <div class="row">
          <Field label="Nom" error={invite.errors.name}>
            {({ id, describedBy, invalid }) => <input id={id} name="name" autoComplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
          </Field>
          <Field label="Adresse e-mail professionnelle" error={invite.errors.email}>
            {({ id, describedBy, invalid }) => <input id={id} name="email" type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
          </Field>
        </div>
        <Button type="submit" busy={invite.busy}>Envoyer l’invitation</Button>
      </form>
      <h2>Les demandeurs de la structure</h2>
      {!members && !failure && <p role="status">Chargement…</p>}
      {members && members.length === 0 && <Empty>Personne pour l’instant.</Empty>}
      <ul class="cards" aria-label="Membres de l’équipe">
        {(members ?? []).map((member) => {
          const status = STATUS(member);
          const self = member.id === user.id;
          return (
            <li key={member.id} class="card" data-user-id={member.id}>
              <div class="card-head">
                <h3>{member.name}{self ? ' (vous)' : ''}</h3>
                <span class={`badge badge--${status.badge}`}>{status.label}</span>
              </div>
              <p class="muted">{member.email}{member.referent ? ' · référent·e' : ''}</p>
              {!self && (
                <div class="actions">
                  {member.active && member.invitationPending && <Button variant="secondary" onClick={() => act(member, 'resend')} aria-label={`Renvoyer l’invitation à ${member.name}`}>Renvoyer l’invitation</Button>}
                  {member.active
                    ? <Button variant="secondary" onClick={() => act(member, 'deactivate')} aria-label={`Désactiver ${member.name}`}>Désactiver</Button>
                    : <Button variant="secondary" onClick={() => act(member, 'reactivate')} aria-label={`Réactiver ${member.name}`}>Réactiver</Button>}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
