import { useEffect, useState } from 'preact/hooks';
import { MODALITIES } from '../../../../shared/enums';
import { type ApiError, get, patch } from '../../api';
import { AvailabilityEditor, AvailabilitySummary } from '../../components/availability/editor';
import { Alert, Button } from '../../components/ui';
import { modalityLabel } from '../../format';
import { languageName } from '../../languages';
import { navigate, useRoute } from '../../router';
import type { InterpreterView } from '../../types';
import { ACTIVITY, ActiveBadge, ActivityButton, Filters, ListFooter, SearchField, SelectFilter, useAdminList, usePageState } from './common';
import { ImportPanel } from './import';
import { InterpreterForm } from './interpreter-form';

const PATH = '/interpretes';
const MODALITY_OPTIONS = MODALITIES.map((m): [string, string] => [m, modalityLabel(m)]);
const IMPORT_COLUMNS = 'nom;prénom;email;téléphone;agence;langues;modalités;départements;spécialités;genre;qualifications';
// The README's CSV table says the same: the import reads a qualification by its name or part of it.
const IMPORT_NOTE = 'La colonne qualifications est facultative : chaque qualification par son nom, la date d’obtention et, si elle expire, sa dernière date de validité, séparées par des virgules (ex. « santé mentale 04/03/2024 au 03/03/2027, LSF 2015-09-01 »).';

/** "Interprètes": every agency's interpreters; create and invite, change the profile, the availability, deactivate; import a CSV file. */
export function AdminInterpretersPage() {
  const { params } = useRoute();
  const agencyId = params.get('agence') ?? '';
  const selectedId = params.get('id') ?? undefined;
  const [q, setQ] = useState('');
  const [language, setLanguage] = useState('');
  const [modality, setModality] = useState('');
  const [active, setActive] = useState('true');
  const [agencies, setAgencies] = useState<Array<[string, string]>>([]);
  useEffect(() => {
    get<Array<{ id: string; name: string }>>('/api/agencies?active=true').then((list) => setAgencies(list.map((a) => [a.id, a.name])), () => undefined);
  }, []);
  const list = useAdminList<InterpreterView>('/api/interpreters', { q, agencyId, language: language.trim() || undefined, modality, active });
  const { editing, edit, close, done, resend, messages } = usePageState<InterpreterView>(list.reload);

  if (selectedId) return <InterpreterAvailability id={selectedId} />;
  return (
    <section aria-labelledby="admin-interpreters-title" class="page stack">
      <h1 id="admin-interpreters-title">Interprètes</h1>
      <div class="toolbar">
        <Button onClick={() => edit('new')}>Nouvel·le interprète</Button>
        <ImportPanel kind="interpreters" columns={IMPORT_COLUMNS} note={IMPORT_NOTE} describe={(v) => `${String(v.name ?? '—')} · ${String(v.email ?? '—')} · ${((v.languages as string[] | undefined) ?? []).map(languageName).join(', ')}`} onImported={list.reload} />
      </div>
      {messages}
      {editing && <InterpreterForm interpreter={editing === 'new' ? undefined : editing} agencies={agencies} onSaved={done} onCancel={close} />}
      <Filters label="Filtrer les interprètes">
        <SearchField id="interpreter-q" label="Rechercher (nom, e-mail)" value={q} onChange={setQ} />
        <SelectFilter id="interpreter-agency" label="Agence" value={agencyId} onChange={(id) => navigate(PATH, { agence: id || undefined })} options={agencies} />
        <div class="field">
          <label for="interpreter-language">Langue</label>
          <input id="interpreter-language" type="search" value={language} autoComplete="off" spellcheck={false} placeholder="ex. wolof, darija, arabe" onInput={(e) => setLanguage(e.currentTarget.value)} />
        </div>
        <SelectFilter id="interpreter-modality" label="Modalité" value={modality} onChange={setModality} options={MODALITY_OPTIONS} />
        <SelectFilter id="interpreter-active" label="État" value={active} onChange={setActive} options={ACTIVITY} />
      </Filters>
      <ul class="cards" aria-label="Interprètes">
        {(list.items ?? []).map((i) => (
          <li key={i.id} class="card" data-interpreter-id={i.id}>
            <div class="card-head">
              <h2>{i.name}</h2>
              <ActiveBadge active={i.active} pending={i.invitationPending} />
            </div>
            <p>{i.languages.map(languageName).join(', ')} · {i.modalities.map(modalityLabel).join(', ')}</p>
            <p class="muted">{i.email} · {agencies.find(([id]) => id === i.agencyId)?.[1] ?? 'agence désactivée'}{i.departments.length ? ` · sur place : ${i.departments.join(', ')}` : ''}</p>
            <AvailabilitySummary profile={i} />
            <div class="actions">
              <Button variant="secondary" onClick={() => edit(i)} aria-label={`Modifier ${i.name}`}>Modifier</Button>
              <a class="button button--secondary" href={`#${PATH}?id=${i.id}`}>Disponibilités<span class="visually-hidden"> de {i.name}</span></a>
              {i.active && i.invitationPending && <Button variant="secondary" onClick={() => resend(i)} aria-label={`Renvoyer l’invitation à ${i.name}`}>Renvoyer l’invitation</Button>}
              <ActivityButton item={i} path={`/api/interpreters/${i.id}`} consequence="Ses sessions se ferment ; elle ne reçoit plus de propositions." onDone={done} />
            </div>
          </li>
        ))}
      </ul>
      <ListFooter list={list} />
    </section>
  );
}

/** The same availability editor as the interpreter's and the dispatcher's. */
function InterpreterAvailability({ id }: { id: string }) {
  const [interpreter, setInterpreter] = useState<InterpreterView>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    get<InterpreterView>(`/api/interpreters/${id}`).then(setInterpreter, (e: ApiError) => setFailure(e.message));
  }, [id]);
  return (
    <section aria-labelledby="admin-availability-title" class="page">
      <p><a href={`#${PATH}`}>← Tous les interprètes</a></p>
      {failure && <Alert>{failure}</Alert>}
      {!interpreter && !failure && <p role="status">Chargement…</p>}
      {interpreter && (
        <>
          <h1 id="admin-availability-title">Disponibilités de {interpreter.name}</h1>
          <AvailabilityEditor profile={interpreter} save={(body) => patch<InterpreterView>(`/api/interpreters/${interpreter.id}/availability`, body)} onSaved={setInterpreter} submitLabel="Enregistrer" />
        </>
      )}
    </section>
  );
}
