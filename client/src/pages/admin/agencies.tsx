import { useState } from 'preact/hooks';
import { agencyCreateBody, agencyUpdateBody } from 'virtual:validators';
import { api, post } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { TariffsSection } from '../auditor/tariffs';
import '../auditor/auditor.css';
import { ACTIVITY, ActiveBadge, ActivityButton, departmentList, Filters, ListFooter, SearchField, SelectFilter, useAdminList, usePageState, type Listed } from './common';

export interface Agency extends Listed {
  email?: string;
  phone?: string;
  departments: string[];
  siret?: string;
  vatId?: string;
  vatExemptionReason?: string;
}

/** "Agences": the interpreting agencies, their contact and departments; create, change, deactivate. */
export function AdminAgenciesPage() {
  const [q, setQ] = useState('');
  const [active, setActive] = useState('true');
  const list = useAdminList<Agency>('/api/agencies', { q, active }, false);
  const { editing, edit, close, done, messages } = usePageState<Agency>(list.reload);
  return (
    <section aria-labelledby="agencies-title" class="page stack">
      <h1 id="agencies-title">Agences</h1>
      <div class="toolbar">
        <Button onClick={() => edit('new')}>Nouvelle agence</Button>
      </div>
      {messages}
      {editing && <AgencyForm agency={editing === 'new' ? undefined : editing} onSaved={done} onCancel={close} />}
      <Filters label="Filtrer les agences">
        <SearchField id="agency-q" label="Rechercher (nom, e-mail)" value={q} onChange={setQ} />
        <SelectFilter id="agency-active" label="État" value={active} onChange={setActive} options={ACTIVITY} />
      </Filters>
      <ul class="cards" aria-label="Agences">
        {(list.items ?? []).map((a) => (
          <li key={a.id} class="card" data-agency-id={a.id}>
            <div class="card-head">
              <h2>{a.name}</h2>
              <ActiveBadge active={a.active} />
            </div>
            <p>{[a.email, a.phone].filter(Boolean).join(' · ') || 'Pas de contact'}</p>
            <p class="muted">Départements : {a.departments.join(', ') || 'aucun'}</p>
            <div class="actions">
              <Button variant="secondary" onClick={() => edit(a)} aria-label={`Modifier ${a.name}`}>Modifier</Button>
              <a class="button button--secondary" href={`#/interpretes?agence=${a.id}`}>Interprètes<span class="visually-hidden"> de {a.name}</span></a>
              <ActivityButton item={a} path={`/api/agencies/${a.id}`} consequence="Ses régulateurs et ses interprètes ne pourront plus se connecter." onDone={done} />
            </div>
          </li>
        ))}
      </ul>
      <ListFooter list={list} />
      <TariffsSection />
    </section>
  );
}

function AgencyForm({ agency, onSaved, onCancel }: { agency?: Agency | undefined; onSaved: (message: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(agency?.name ?? '');
  const [email, setEmail] = useState(agency?.email ?? '');
  const [phone, setPhone] = useState(agency?.phone ?? '');
  const [departments, setDepartments] = useState(agency?.departments.join(', ') ?? '');
  const [siret, setSiret] = useState(agency?.siret ?? '');
  const [vatId, setVatId] = useState(agency?.vatId ?? '');
  const [vatExemptionReason, setVatExemptionReason] = useState(agency?.vatExemptionReason ?? '');
  const form = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    // What its invoices say of it (Factur-X): each sent only when filled in, the API refusing empty values.
    const invoicing = {
      ...(siret.trim() ? { siret: siret.replace(/\s/g, '') } : {}),
      ...(vatId.trim() ? { vatId: vatId.replace(/\s/g, '').toUpperCase() } : {}),
      ...(vatExemptionReason.trim() ? { vatExemptionReason: vatExemptionReason.trim() } : {}),
    };
    const body = { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}), departments: departmentList(departments), ...invoicing };
    void form.submit(agency ? agencyUpdateBody : agencyCreateBody, body, async () => {
      if (agency) await api('PATCH', `/api/agencies/${agency.id}`, body);
      else await post('/api/agencies', body);
      onSaved(`${body.name} est enregistrée.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate class="stack book-form" aria-labelledby="agency-form-title">
      <h2 id="agency-form-title">{agency ? `Modifier ${agency.name}` : 'Nouvelle agence'}</h2>
      {form.failure && <Alert>{form.failure}</Alert>}
      <Field label="Nom" error={form.errors.name}>
        {({ id, describedBy, invalid }) => <input id={id} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />}
      </Field>
      <div class="row">
        <Field label="E-mail (facultatif)" error={form.errors.email}>
          {({ id, describedBy, invalid }) => <input id={id} type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <Field label="Téléphone (facultatif)" error={form.errors.phone}>
          {({ id, describedBy, invalid }) => <input id={id} type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
      </div>
      <Field label="Départements couverts" hint="Numéros séparés par des virgules : 69, 38, 42" error={form.errors.departments ?? Object.entries(form.errors).find(([k]) => k.startsWith('departments.'))?.[1]}>
        {({ id, describedBy, invalid }) => <input id={id} value={departments} onInput={(e) => setDepartments(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
      </Field>
      <fieldset class="stack">
        <legend>Facturation (factures Factur-X aux ARS)</legend>
        <div class="row">
          <Field label="SIRET" hint="14 chiffres" error={form.errors.siret}>
            {({ id, describedBy, invalid }) => <input id={id} inputMode="numeric" value={siret} onInput={(e) => setSiret(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <Field label="N° de TVA intracommunautaire" hint="FR, 2 caractères, puis le SIREN : FR32123456789" error={form.errors.vatId}>
            {({ id, describedBy, invalid }) => <input id={id} value={vatId} onInput={(e) => setVatId(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
        </div>
        <Field label="Mention d’exonération de TVA" hint="Par exemple : Exonération de TVA, article 261-4-1° du CGI" error={form.errors.vatExemptionReason}>
          {({ id, describedBy, invalid }) => <input id={id} value={vatExemptionReason} onInput={(e) => setVatExemptionReason(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
      </fieldset>
      <div class="actions">
        <Button type="submit" busy={form.busy}>{agency ? 'Enregistrer' : 'Créer l’agence'}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </div>
    </form>
  );
}
