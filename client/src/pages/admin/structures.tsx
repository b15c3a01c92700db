import { useState } from 'preact/hooks';
import { structureCreateBody, structureUpdateBody } from 'virtual:validators';
import { REGION_DEPARTMENT_NAMES, REGION_DEPARTMENTS, STRUCTURE_TYPES } from '../../../../shared/enums';
import { api, post } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { structureTypeLabel } from '../../format';
import { ACTIVITY, ActiveBadge, ActivityButton, ChoiceField, departmentList, duplicateAs, Filters, ListFooter, SearchField, SelectFilter, useAdminList, usePageState, type Listed } from './common';
import { ImportPanel } from './import';

export interface Structure extends Listed {
  type: string;
  department: string;
  city?: string;
  finess?: string;
}

const TYPES = STRUCTURE_TYPES.map((t): [string, string] => [t, structureTypeLabel(t)]);
// In code order: Object.entries would put '15' ... '74' (integer-like keys) before '01', '03', '07'.
const DEPARTMENTS = REGION_DEPARTMENTS.map((code): [string, string] => [code, `${code} – ${REGION_DEPARTMENT_NAMES[code]}`]);

/** "Structures": search, filter, create, change, deactivate and reactivate; import a CSV file. */
export function AdminStructuresPage() {
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [department, setDepartment] = useState('');
  const [active, setActive] = useState('true');
  const list = useAdminList<Structure>('/api/structures', { q, type, department, active });
  const { editing, edit, close, done, messages } = usePageState<Structure>(list.reload);
  return (
    <section aria-labelledby="structures-title" class="page stack">
      <h1 id="structures-title">Structures</h1>
      <div class="toolbar">
        <Button onClick={() => edit('new')}>Nouvelle structure</Button>
        <ImportPanel kind="structures" columns="nom;type;département;commune;FINESS" describe={(v) => `${String(v.name ?? '—')} · ${v.type ? structureTypeLabel(String(v.type)) : '—'} · ${String(v.department ?? '—')}${v.city ? ` · ${String(v.city)}` : ''}`} onImported={list.reload} />
      </div>
      {messages}
      {editing && <StructureForm structure={editing === 'new' ? undefined : editing} onSaved={done} onCancel={close} />}
      <Filters label="Filtrer les structures">
        <SearchField id="structure-q" label="Rechercher (nom, commune, FINESS)" value={q} onChange={setQ} />
        <SelectFilter id="structure-type" label="Type" value={type} onChange={setType} options={TYPES} />
        <SelectFilter id="structure-department" label="Département" value={department} onChange={setDepartment} options={DEPARTMENTS} />
        <SelectFilter id="structure-active" label="État" value={active} onChange={setActive} options={ACTIVITY} />
      </Filters>
      <ul class="cards" aria-label="Structures">
        {(list.items ?? []).map((s) => (
          <li key={s.id} class="card" data-structure-id={s.id}>
            <div class="card-head">
              <h2>{s.name}</h2>
              <ActiveBadge active={s.active} />
            </div>
            <p>{structureTypeLabel(s.type)} · {s.department}{s.city ? ` · ${s.city}` : ''}{s.finess ? ` · FINESS ${s.finess}` : ''}</p>
            <div class="actions">
              <Button variant="secondary" onClick={() => edit(s)} aria-label={`Modifier ${s.name}`}>Modifier</Button>
              <a class="button button--secondary" href={`#/utilisateurs?structure=${s.id}`}>Utilisateurs<span class="visually-hidden"> de {s.name}</span></a>
              <ActivityButton item={s} path={`/api/structures/${s.id}`} consequence="Ses demandeurs ne pourront plus se connecter ni réserver." onDone={done} />
            </div>
          </li>
        ))}
      </ul>
      <ListFooter list={list} />
    </section>
  );
}

function StructureForm({ structure, onSaved, onCancel }: { structure?: Structure | undefined; onSaved: (message: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(structure?.name ?? '');
  const [type, setType] = useState(structure?.type ?? '');
  const [department, setDepartment] = useState(structure?.department ?? '');
  const [city, setCity] = useState(structure?.city ?? '');
  const [finess, setFiness] = useState(structure?.finess ?? '');
  const form = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries({ name: name.trim(), type, department: departmentList(department)[0] ?? '', city: city.trim(), finess: finess.replace(/\s/g, '') }).filter(([, v]) => v !== ''));
    void form.submit(structure ? structureUpdateBody : structureCreateBody, body, async () => {
      const duplicate = duplicateAs('Une autre structure a déjà ce numéro FINESS.', { duplicate_name: `Une structure porte déjà ce nom dans le département ${String(body.department ?? '')}.` });
      if (structure) await api('PATCH', `/api/structures/${structure.id}`, body).catch(duplicate);
      else await post('/api/structures', body).catch(duplicate);
      onSaved(structure ? `${String(body.name)} est enregistrée.` : `${String(body.name)} est créée : ajoutez-lui des utilisateurs.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate class="stack book-form" aria-labelledby="structure-form-title">
      <h2 id="structure-form-title">{structure ? `Modifier ${structure.name}` : 'Nouvelle structure'}</h2>
      {form.failure && <Alert>{form.failure}</Alert>}
      <Field label="Nom" error={form.errors.name}>
        {({ id, describedBy, invalid }) => <input id={id} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
      </Field>
      <ChoiceField label="Type" value={type} onChange={setType} options={TYPES} error={form.errors.type} />
      <div class="row">
        <Field label="Département" hint="Numéro : 69, 03, 2A…" error={form.errors.department}>
          {({ id, describedBy, invalid }) => <input id={id} class="narrow" value={department} onInput={(e) => setDepartment(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
        </Field>
        <Field label="Commune (facultatif)" error={form.errors.city}>
          {({ id, describedBy, invalid }) => <input id={id} value={city} onInput={(e) => setCity(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <Field label="N° FINESS (facultatif)" hint="9 caractères" error={form.errors.finess}>
          {({ id, describedBy, invalid }) => <input id={id} value={finess} inputMode="numeric" onInput={(e) => setFiness(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
      </div>
      <div class="actions">
        <Button type="submit" busy={form.busy}>{structure ? 'Enregistrer' : 'Créer la structure'}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </div>
    </form>
  );
}
