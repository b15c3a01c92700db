import { useEffect, useState } from 'preact/hooks';
import { userCreateBody, userUpdateBody } from 'virtual:validators';
import { api, get, post } from '../../api';
import { Alert, Button } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { navigate, useRoute } from '../../router';
import { ROLE_LABELS, type Role, type User } from '../../session';
import { DEFAULT_REGION_CODE } from '../../../../shared/enums';
import { REGIONS } from '../../../../shared/regions';
import { ACTIVITY, ActiveBadge, ActivityButton, ChoiceField, duplicateAs, Filters, ListFooter, PersonFields, SearchChoiceField, SearchField, SearchSelectFilter, SelectFilter, useAdminList, usePageState } from './common';

type Listed = Required<Pick<User, 'id' | 'name' | 'email' | 'role' | 'active'>> & Pick<User, 'structureId' | 'agencyId' | 'region' | 'referent' | 'invitationPending'>;
type Named = Array<[string, string]>;

// Interpreters are created in their own page, with their profile.
const ROLES: Named = (['requester', 'dispatcher', 'auditor', 'national_auditor', 'admin'] as const).map((r) => [r, ROLE_LABELS[r]]);
const FILTER_ROLES: Named = (['requester', 'dispatcher', 'interpreter', 'auditor', 'national_auditor', 'admin'] as const).map((r) => [r, ROLE_LABELS[r]]);
const REGION_CHOICES: Named = REGIONS.map((r) => [r.code, r.name]);

/** The active structures and agencies, as [id, name], for selects and for naming a user's attachment. */
function useAttachments() {
  const [structures, setStructures] = useState<Named>([]);
  const [agencies, setAgencies] = useState<Named>([]);
  useEffect(() => {
    get<Array<{ id: string; name: string }>>('/api/structures?active=true&limit=500').then((list) => setStructures(list.map((s) => [s.id, s.name])), () => undefined);
    get<Array<{ id: string; name: string }>>('/api/agencies?active=true').then((list) => setAgencies(list.map((a) => [a.id, a.name])), () => undefined);
  }, []);
  return { structures, agencies };
}

/** "Utilisateurs": everyone's account; invite (no password typed here), resend, referent, deactivate. */
export function AdminUsersPage() {
  const { params } = useRoute();
  const structureId = params.get('structure') ?? '';
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [active, setActive] = useState('true');
  const { structures, agencies } = useAttachments();
  const list = useAdminList<Listed>('/api/users', { q, role, structureId, agencyId, active });
  const { editing, edit, close, done, resend, messages } = usePageState<Listed>(list.reload);
  const nameOf = (named: Named, id?: string) => named.find(([key]) => key === id)?.[1];
  return (
    <section aria-labelledby="users-title" class="page stack">
      <h1 id="users-title">Utilisateurs</h1>
      <div class="toolbar">
        <Button onClick={() => edit('new')}>Inviter un utilisateur</Button>
      </div>
      {messages}
      {editing && <UserForm user={editing === 'new' ? undefined : editing} structureId={structureId} structures={structures} agencies={agencies} onSaved={done} onCancel={close} />}
      <Filters label="Filtrer les utilisateurs">
        <SearchField id="user-q" label="Rechercher (nom, e-mail)" value={q} onChange={setQ} />
        <SelectFilter id="user-role" label="Rôle" value={role} onChange={setRole} options={FILTER_ROLES} />
        <SearchSelectFilter id="user-structure" label="Structure" value={structureId} onChange={(id) => navigate('/utilisateurs', { structure: id || undefined })} options={structures} listLabel="Structures trouvées" />
        <SelectFilter id="user-agency" label="Agence" value={agencyId} onChange={setAgencyId} options={agencies} />
        <SelectFilter id="user-active" label="État" value={active} onChange={setActive} options={ACTIVITY} />
      </Filters>
      <ul class="cards" aria-label="Utilisateurs">
        {(list.items ?? []).map((u) => (
          <li key={u.id} class="card" data-user-id={u.id}>
            <div class="card-head">
              <h2>{u.name}</h2>
              <ActiveBadge active={u.active} pending={u.invitationPending} />
            </div>
            <p>{u.email}</p>
            <p class="muted">{ROLE_LABELS[u.role as Role]}{u.referent ? ' · référent·e' : ''}{u.structureId ? ` · ${nameOf(structures, u.structureId) ?? 'structure désactivée'}` : ''}{u.agencyId ? ` · ${nameOf(agencies, u.agencyId) ?? 'agence désactivée'}` : ''}{u.region ? ` · ${nameOf(REGION_CHOICES, u.region) ?? u.region}` : ''}</p>
            <div class="actions">
              {u.role !== 'interpreter' && <Button variant="secondary" onClick={() => edit(u)} aria-label={`Modifier ${u.name}`}>Modifier</Button>}
              {u.active && u.invitationPending && <Button variant="secondary" onClick={() => resend(u)} aria-label={`Renvoyer l’invitation à ${u.name}`}>Renvoyer l’invitation</Button>}
              <ActivityButton item={u} path={`/api/users/${u.id}`} consequence="Ses sessions se ferment et elle ne peut plus se connecter." onDone={done} />
            </div>
          </li>
        ))}
      </ul>
      <ListFooter list={list} />
    </section>
  );
}

interface FormProps {
  user?: Listed | undefined;
  structureId: string;
  structures: Named;
  agencies: Named;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

function UserForm({ user, structureId: preset, structures, agencies, onSaved, onCancel }: FormProps) {
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>(user?.role ?? (preset ? 'requester' : ''));
  const [structureId, setStructureId] = useState(user?.structureId ?? preset);
  const [agencyId, setAgencyId] = useState('');
  const [region, setRegion] = useState(DEFAULT_REGION_CODE);
  const [referent, setReferent] = useState(user?.referent ?? false);
  const form = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    if (user) {
      const body = { name: name.trim(), ...(user.role === 'requester' ? { referent } : {}) };
      void form.submit(userUpdateBody, body, async () => {
        await api('PATCH', `/api/users/${user.id}`, body);
        onSaved(`${body.name} est enregistré·e.`);
      });
      return;
    }
    const body = {
      name: name.trim(),
      email: email.trim(),
      ...(role ? { role } : {}),
      ...(role === 'requester' ? { referent, ...(structureId ? { structureId } : {}) } : {}),
      ...(role === 'dispatcher' && agencyId ? { agencyId } : {}),
      ...(role === 'auditor' && region ? { region } : {}),
    };
    void form.submit(userCreateBody, body, async () => {
      await post('/api/users', body).catch(duplicateAs('Un compte existe déjà avec cette adresse e-mail.'));
      onSaved(`Invitation envoyée à ${body.email} : le lien reçu par e-mail est valable 72 heures.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate class="stack book-form" aria-labelledby="user-form-title">
      <h2 id="user-form-title">{user ? `Modifier ${user.name}` : 'Inviter un utilisateur'}</h2>
      {!user && <p class="hint">La personne reçoit un lien par e-mail pour choisir son mot de passe (valable 72 heures).</p>}
      {form.failure && <Alert>{form.failure}</Alert>}
      <PersonFields name={name} setName={setName} email={user ? undefined : { value: email, set: setEmail }} errors={form.errors} />
      {!user && <ChoiceField label="Rôle" value={role} onChange={setRole} options={ROLES} error={form.errors.role} />}
      {!user && role === 'requester' && <SearchChoiceField label="Structure" value={structureId} onChange={setStructureId} options={structures} error={form.errors.structureId} listLabel="Structures trouvées" />}
      {!user && role === 'dispatcher' && <ChoiceField label="Agence" value={agencyId} onChange={setAgencyId} options={agencies} error={form.errors.agencyId} />}
      {!user && role === 'auditor' && <ChoiceField label="Région" value={region} onChange={setRegion} options={REGION_CHOICES} error={form.errors.region} />}
      {(user ? user.role : role) === 'requester' && (
        <label class="choice">
          <input type="checkbox" checked={referent} onChange={(e) => setReferent(e.currentTarget.checked)} />
          Référent·e de la structure (invite et désactive ses collègues : « Mon équipe »)
        </label>
      )}
      <div class="actions">
        <Button type="submit" busy={form.busy}>{user ? 'Enregistrer' : 'Envoyer l’invitation'}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </div>
    </form>
  );
}
