import { useId } from 'preact/hooks';
import type { Department } from '../../../../shared/regions';
import { Field } from '../ui';
import type { AvailabilityForm } from './form';
import type { Errors } from './rows';

// On-site area, travel buffer and the contact details requesters get once a session is assigned.

interface DetailsProps {
  form: AvailabilityForm;
  errors: Errors;
  onsite: boolean;
  /** The boxes: the agency's home region's departments (homeDepartments). */
  departments: readonly Department[];
  onChange: (change: Partial<AvailabilityForm>) => void;
}

export function TravelFieldset({ form, errors, onsite, departments, onChange }: DetailsProps) {
  const errorId = useId();
  const toggle = (department: string, on: boolean) =>
    onChange({ regionDepartments: on ? [...form.regionDepartments, department] : form.regionDepartments.filter((d) => d !== department) });
  return (
    <fieldset class="editor-part">
      <legend>Déplacements sur place</legend>
      {!onsite && <p class="hint">Sans la modalité « sur place » (tenue par l’agence), ces réglages ne servent pas encore.</p>}
      <fieldset class={errors.departments ? 'field--invalid' : undefined}>
        <legend>Départements de la région</legend>
        <div class="departments">
          {departments.map(({ code, name }) => (
            <label key={code} class="choice">
              <input type="checkbox" checked={form.regionDepartments.includes(code)} aria-invalid={Boolean(errors.departments)} aria-describedby={errors.departments ? errorId : undefined} onChange={(e) => toggle(code, e.currentTarget.checked)} />
              {code} – {name}
            </label>
          ))}
        </div>
        {errors.departments && <p class="field-error" id={errorId}>{errors.departments}</p>}
      </fieldset>
      <Field label="Autres départements" hint="Leurs numéros, séparés par des virgules : 75, 2A, 974." error={errors.otherDepartments}>
        {({ id, describedBy, invalid }) => <input id={id} value={form.otherDepartments} autocomplete="off" aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ otherDepartments: e.currentTarget.value })} />}
      </Field>
      <Field label="Temps gardé entre deux séances sur place (minutes)" hint="Pour le trajet : de 0 à 240 minutes." error={errors.travelBufferMinutes}>
        {({ id, describedBy, invalid }) => <input id={id} type="number" min={0} max={240} step={5} class="narrow" value={form.travelBufferMinutes} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ travelBufferMinutes: e.currentTarget.value })} />}
      </Field>
    </fieldset>
  );
}

export function ContactFieldset({ form, errors, onChange }: Omit<DetailsProps, 'onsite' | 'departments'>) {
  return (
    <fieldset class="editor-part">
      <legend>Coordonnées pour les séances</legend>
      <p class="hint">Données au demandeur une fois la séance attribuée ; laissez vide pour les retirer.</p>
      <Field label="Téléphone" hint="Pour les séances par téléphone, par exemple +33 6 12 34 56 78." error={errors.phone}>
        {({ id, describedBy, invalid }) => <input id={id} type="tel" autocomplete="tel" value={form.phone} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ phone: e.currentTarget.value })} />}
      </Field>
      <Field label="Lien de visioconférence" hint="Une adresse qui commence par https://" error={errors.videoLink}>
        {({ id, describedBy, invalid }) => <input id={id} type="url" autocomplete="url" value={form.videoLink} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ videoLink: e.currentTarget.value })} />}
      </Field>
    </fieldset>
  );
}
