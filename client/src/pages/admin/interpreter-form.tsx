import { useState } from 'preact/hooks';
import { interpreterCreateBody, interpreterUpdateBody } from 'virtual:validators';
import { MODALITIES, SPECIALTIES } from '../../../../shared/enums';
import { api, post } from '../../api';
import { LanguagePicker } from '../../components/language-picker';
import { qualificationProblems, qualificationsBody, QualificationsFields, useQualificationCatalogue, type HeldQualification } from '../../components/qualifications';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { modalityLabel } from '../../format';
import { languageName, type Language } from '../../languages';
import type { InterpreterView } from '../../types';
import { ChoiceField, departmentList, duplicateAs, PersonFields } from './common';

interface Props {
  interpreter?: InterpreterView | undefined;
  agencies: Array<[string, string]>;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

/** What the agency vouches for: languages, specialties, qualifications, modalities, agency; with name, e-mail, area and phone. */
export function InterpreterForm({ interpreter, agencies, onSaved, onCancel }: Props) {
  const [name, setName] = useState(interpreter?.name ?? '');
  const [email, setEmail] = useState('');
  const [agencyId, setAgencyId] = useState(interpreter?.agencyId ?? '');
  const [gender, setGender] = useState<string>(interpreter?.gender ?? '');
  const [languages, setLanguages] = useState<string[]>(interpreter?.languages ?? []);
  const [picked, setPicked] = useState<Language>();
  const [modalities, setModalities] = useState<string[]>(interpreter?.modalities ?? []);
  const [specialties, setSpecialties] = useState<string[]>(interpreter?.specialties ?? []);
  const [departments, setDepartments] = useState(interpreter?.departments.join(', ') ?? '');
  const [phone, setPhone] = useState(interpreter?.phone ?? '');
  const [baseCommune, setBaseCommune] = useState(interpreter?.baseCommune ?? '');
  const [qualifications, setQualifications] = useState<HeldQualification[]>(interpreter?.qualifications ?? []);
  const catalogue = useQualificationCatalogue();
  const form = useSubmit();
  const toggle = (list: string[], value: string, set: (next: string[]) => void) => set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const errorUnder = (field: string) => form.errors[field] ?? Object.entries(form.errors).find(([key]) => key.startsWith(`${field}.`))?.[1];

  const submit = (event: Event) => {
    event.preventDefault();
    // An empty choice is a missing field: "obligatoire", not "format invalide".
    const profile = { name: name.trim(), ...(agencyId ? { agencyId } : {}), ...(gender ? { gender } : {}), languages, modalities, specialties, departments: departmentList(departments), qualifications: qualificationsBody(qualifications), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(baseCommune.trim() ? { baseCommune: baseCommune.trim().toUpperCase() } : {}) };
    const body = interpreter ? profile : { ...profile, email: email.trim() };
    void form.submit(interpreter ? interpreterUpdateBody : interpreterCreateBody, body, async () => {
      if (interpreter) await api('PATCH', `/api/interpreters/${interpreter.id}`, body);
      else await post('/api/interpreters', body).catch(duplicateAs('Un compte existe déjà avec cette adresse e-mail.'));
      onSaved(interpreter ? `${profile.name} est enregistré·e.` : `${profile.name} est créé·e : une invitation part à ${email.trim()} (lien valable 72 heures).`);
    }, { alsoCheck: (found) => qualificationProblems(qualifications, found) });
  };

  return (
    <form onSubmit={submit} noValidate class="stack book-form" aria-labelledby="interpreter-form-title">
      <h2 id="interpreter-form-title">{interpreter ? `Modifier ${interpreter.name}` : 'Nouvel·le interprète'}</h2>
      {!interpreter && <p class="hint">L’interprète reçoit un lien par e-mail pour choisir son mot de passe ; ses disponibilités sont ensuite les siennes (du lundi au dimanche 8h–20h d’ici là).</p>}
      {form.failure && <Alert>{form.failure}</Alert>}
      <PersonFields name={name} setName={setName} email={interpreter ? undefined : { value: email, set: setEmail }} errors={form.errors} />
      <div class="row">
        <ChoiceField label="Agence" value={agencyId} onChange={setAgencyId} options={agencies} error={form.errors.agencyId} />
        <ChoiceField label="Genre" value={gender} onChange={setGender} options={[['female', 'Femme'], ['male', 'Homme']]} error={form.errors.gender} />
      </div>
      <fieldset class={errorUnder('languages') ? 'field--invalid' : undefined}>
        <legend>Langues</legend>
        <ul class="chips" aria-label="Langues choisies">
          {languages.map((code) => (
            <li key={code}>{languageName(code)} <button type="button" class="chip-remove" onClick={() => setLanguages(languages.filter((c) => c !== code))} aria-label={`Retirer ${languageName(code)}`}>×</button></li>
          ))}
        </ul>
        <Field label="Ajouter une langue" error={errorUnder('languages') && (languages.length === 0 ? 'Ajoutez au moins une langue.' : errorUnder('languages'))}>
          {({ id, describedBy, invalid }) => (
            <LanguagePicker id={id} value={picked} describedBy={describedBy} invalid={invalid} onChange={(language) => {
              setPicked(undefined);
              if (language && !languages.includes(language.code)) setLanguages([...languages, language.code]);
            }} />
          )}
        </Field>
      </fieldset>
      <fieldset class={errorUnder('modalities') ? 'field--invalid' : undefined}>
        <legend>Modalités</legend>
        <div class="choices">
          {MODALITIES.map((m) => (
            <label key={m} class="choice"><input type="checkbox" checked={modalities.includes(m)} onChange={() => toggle(modalities, m, setModalities)} />{modalityLabel(m)}</label>
          ))}
        </div>
        {errorUnder('modalities') && <p class="field-error">Choisissez au moins une modalité.</p>}
      </fieldset>
      <fieldset>
        <legend>Spécialités</legend>
        <div class="choices">
          {SPECIALTIES.map((s) => (
            <label key={s.code} class="choice"><input type="checkbox" checked={specialties.includes(s.code)} onChange={() => toggle(specialties, s.code, setSpecialties)} />{s.name}</label>
          ))}
        </div>
      </fieldset>
      <QualificationsFields held={qualifications} onChange={setQualifications} catalogue={catalogue} errors={form.errors} />
      <div class="row">
        <Field label="Départements d’intervention sur place" hint="Numéros séparés par des virgules : 69, 38" error={errorUnder('departments')}>
          {({ id, describedBy, invalid }) => <input id={id} value={departments} onInput={(e) => setDepartments(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <Field label="Commune de base (code INSEE, facultatif)" hint="D’où le déplacement sur place est facturé : 69123 pour Lyon" error={form.errors.baseCommune}>
          {({ id, describedBy, invalid }) => <input id={id} value={baseCommune} inputMode="text" maxLength={5} onInput={(e) => setBaseCommune(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <Field label="Téléphone (facultatif)" error={form.errors.phone}>
          {({ id, describedBy, invalid }) => <input id={id} type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
      </div>
      <div class="actions">
        <Button type="submit" busy={form.busy}>{interpreter ? 'Enregistrer' : 'Créer et inviter'}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </div>
    </form>
  );
}
