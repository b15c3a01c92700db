import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, get, post, query, type DroppedSession } from '../../api';
import { DroppedSessionList } from '../../components/availability/dropped-sessions';
import { SearchSelect } from '../../components/search-select';
import { Alert, Button, Dialog, Field, NoticeArea, useNotice } from '../../components/ui';

// What the four administration pages share: a list searched and filtered on the server, paged by
// "Afficher plus", the active/inactive badge, and deactivation or reactivation after a confirmation.

export const PAGE_SIZE = 50;

export interface Listed {
  id: string;
  name: string;
  active: boolean;
}

/** The list at `path` with these query parameters (reloaded as they change, typed text after a pause). */
export function useAdminList<T extends Listed>(path: string, params: Record<string, string | undefined>, paged = true) {
  const [items, setItems] = useState<T[]>();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [failure, setFailure] = useState<string>();
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(params);
  useEffect(() => setLimit(PAGE_SIZE), [key]);
  useEffect(() => {
    let current = true;
    // One more than shown tells whether there is a next page.
    const timer = setTimeout(() => {
      get<T[]>(`${path}${query({ ...params, ...(paged ? { limit: limit + 1 } : {}) })}`).then(
        (list) => current && (setItems(list), setFailure(undefined)),
        // A refused filter lists nothing: never the list of another filter under the message.
        (e: ApiError) => current && (setItems(undefined), setFailure(e.message)),
      );
    }, params.q || params.language ? 250 : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, limit, version]);
  return {
    items: paged ? items?.slice(0, limit) : items,
    more: paged && (items?.length ?? 0) > limit,
    showMore: () => setLimit((n) => n + PAGE_SIZE),
    reload: () => setVersion((n) => n + 1),
    failure,
  };
}

export function ActiveBadge({ active, pending }: { active: boolean; pending?: boolean }) {
  if (!active) return <span class="badge badge--cancelled">Désactivé·e</span>;
  return pending ? <span class="badge badge--open">Invitation envoyée</span> : <span class="badge badge--assigned">Actif·ve</span>;
}

/** The filters above a list: a search field and selects, in one labelled group. */
export function Filters({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <form role="search" aria-label={label} class="row admin-filters" onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

export function SelectFilter({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (value: string) => void; options: Array<[string, string]> }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Tous</option>
        {options.map(([code, text]) => <option key={code} value={code}>{text}</option>)}
      </select>
    </div>
  );
}

/** A filter among many options (the structures): searchable, "Toutes" for none. */
export function SearchSelectFilter({ id, label, value, onChange, options, listLabel }: { id: string; label: string; value: string; onChange: (value: string) => void; options: Array<[string, string]>; listLabel: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <SearchSelect id={id} options={options} value={value} onChange={onChange} listLabel={listLabel} none="Toutes" />
    </div>
  );
}

export const ACTIVITY: Array<[string, string]> = [['true', 'Actifs'], ['false', 'Désactivés']];

export function ListFooter({ list }: { list: { items?: unknown[] | undefined; more: boolean; showMore: () => void; failure?: string | undefined } }) {
  return (
    <>
      {list.failure && <Alert>{list.failure}</Alert>}
      {!list.items && !list.failure && <p role="status">Chargement…</p>}
      {list.items?.length === 0 && <p class="empty">Aucun résultat.</p>}
      {list.more && <Button variant="secondary" onClick={list.showMore}>Afficher plus</Button>}
    </>
  );
}

interface ActivityProps {
  item: Listed;
  /** The API path of the item: DELETE deactivates, PATCH { active: true } reactivates. */
  path: string;
  /** What deactivation does, told before confirming. */
  consequence: string;
  onDone: (message: string) => void;
}

/** "Désactiver" (after a confirmation saying that history is kept) or "Réactiver". */
export function ActivityButton({ item, path, consequence, onDone }: ActivityProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  // An interpreter holding confirmed sessions: they are listed, and deactivating withdraws from them.
  const [dropped, setDropped] = useState<DroppedSession[]>();
  const run = async (active: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await (active ? api('PATCH', path, { active: true }) : api('DELETE', dropped ? `${path}?confirmWithdrawals=true` : path));
      setOpen(false);
      setDropped(undefined);
      onDone(active ? `${item.name} est de nouveau actif·ve.` : `${item.name} est désactivé·e ; son historique est gardé.${dropped ? ` ${dropped.length > 1 ? `${dropped.length} séances sont reproposées` : 'Une séance est reproposée'} à d’autres interprètes.` : ''}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'sessions_during_absence') setDropped(error.details.flatMap((d) => (d.session ? [d.session] : [])));
      else setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  if (!item.active) {
    return <Button variant="secondary" busy={busy} onClick={() => run(true)} aria-label={`Réactiver ${item.name}`}>Réactiver</Button>;
  }
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-label={`Désactiver ${item.name}`}>Désactiver</Button>
      <Dialog title={`Désactiver ${item.name} ?`} open={open} onClose={() => { setOpen(false); setDropped(undefined); }}>
        <p>{consequence}</p>
        <p>Rien n’est supprimé : l’historique (demandes, séances, consommation) est gardé, et vous pourrez réactiver.</p>
        {dropped && (
          <>
            <p role="alert">{dropped.length > 1 ? `${dropped.length} séances confirmées sont` : 'Une séance confirmée est'} à venir : en désactivant, l’interprète en est désisté·e ; {dropped.length > 1 ? 'elles sont reproposées' : 'elle est reproposée'} aussitôt, la structure et l’agence sont prévenues.</p>
            <DroppedSessionList sessions={dropped} forSelf={false} />
          </>
        )}
        {failure && <Alert>{failure}</Alert>}
        <div class="actions">
          <Button variant="danger" busy={busy} onClick={() => run(false)}>{dropped ? 'Désister et désactiver' : 'Désactiver'}</Button>
          <Button variant="secondary" onClick={() => setOpen(false)}>Annuler</Button>
        </div>
      </Dialog>
    </>
  );
}

/** Departments typed as "69, 38 2A": the list the API takes. */
export const departmentList = (text: string) => text.split(/[\s,;]+/).filter(Boolean).map((d) => (/^[0-9]$/.test(d) ? `0${d}` : d.toUpperCase()));

/** A 409 on a create or change: the duplicate named for the person (`byCode`: a message per refusal code, else `message`). */
export function duplicateAs(message: string, byCode: Record<string, string> = {}) {
  return (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) throw new ApiError(409, error.code, byCode[error.code] ?? message);
    throw error;
  };
}

/** A page's messages after an action, and the form open (a new item, or the one being changed). */
export function usePageState<T>(reload: () => void) {
  const { notice, show } = useNotice();
  const [failure, setFailure] = useState<string>();
  const [editing, setEditing] = useState<T | 'new'>();
  const done = (message: string) => {
    show({ kind: 'success', text: message });
    setFailure(undefined);
    setEditing(undefined);
    reload();
  };
  const edit = (item: T | 'new') => {
    show(undefined);
    setEditing(item);
  };
  /** A new invitation link for a user who has not chosen a password yet. */
  const resend = async (user: { id: string; email: string }) => {
    setFailure(undefined);
    try {
      await post(`/api/users/${user.id}/invitation`);
      done(`Nouvelle invitation envoyée à ${user.email}.`);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    }
  };
  const messages = (
    <>
      <NoticeArea notice={notice} />
      {failure && <Alert>{failure}</Alert>}
    </>
  );
  return { editing, edit, close: () => setEditing(undefined), done, resend, messages };
}

export function SearchField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="search" value={value} autoComplete="off" onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}

interface ChoiceProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<[string, string]>;
  error: string | undefined;
}

/** A required choice in a form: "Choisir…" first, its error tied to it. */
export function ChoiceField({ label, value, onChange, options, error }: ChoiceProps) {
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required>
          <option value="">Choisir…</option>
          {options.map(([key, text]) => <option key={key} value={key}>{text}</option>)}
        </select>
      )}
    </Field>
  );
}

/** A required choice among many (the structures): typed and picked from the matches, its error tied to it. */
export function SearchChoiceField({ label, value, onChange, options, error, listLabel }: ChoiceProps & { listLabel: string }) {
  return (
    <Field label={label} error={error} hint="Tapez quelques lettres du nom (sans accents si vous voulez), puis choisissez dans la liste.">
      {({ id, describedBy, invalid }) => <SearchSelect id={id} options={options} value={value} onChange={onChange} listLabel={listLabel} describedBy={describedBy} invalid={invalid} />}
    </Field>
  );
}

interface PersonProps {
  name: string;
  setName: (value: string) => void;
  /** Only when creating: an address never changes afterwards. */
  email?: { value: string; set: (value: string) => void } | undefined;
  errors: Record<string, string>;
}

/** A person's name, and their e-mail address when they are being invited. */
export function PersonFields({ name, setName, email, errors }: PersonProps) {
  return (
    <div class="row">
      <Field label="Nom" error={errors.name}>
        {({ id, describedBy, invalid }) => <input id={id} value={name} autoComplete="off" onInput={(e) => setName(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
      </Field>
      {email && (
        <Field label="Adresse e-mail" error={errors.email}>
          {({ id, describedBy, invalid }) => <input id={id} type="email" autoComplete="off" value={email.value} onInput={(e) => email.set(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
        </Field>
      )}
    </div>
  );
}
