import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { qualificationsUpdateBody } from 'virtual:validators';
import { qualificationProblems as sharedProblems } from '../../../shared/qualifications';
import { api, ApiError, get, type DroppedSession } from '../api';
import { ZONE } from '../format';
import type { InterpreterView } from '../types';
import type { FieldErrors } from '../validation';
import { DroppedSessionsDialog } from './availability/dropped-sessions';
import { Alert, Button, Field } from './ui';
import { useSubmit } from './use-submit';

// The qualifications an interpreter holds, as their agency or an admin enters them (GET /api/qualifications
// for the names). A qualification is valid through its last day ("valable jusqu'au").

export interface HeldQualification {
  code: string;
  obtainedOn: string;
  validUntil?: string | undefined;
}
export interface CatalogueEntry {
  code: string;
  name: string;
}

/** The catalogue's names, read once per form. */
export function useQualificationCatalogue(): CatalogueEntry[] {
  const [catalogue, setCatalogue] = useState<CatalogueEntry[]>([]);
  useEffect(() => {
    get<CatalogueEntry[]>('/api/qualifications').then(setCatalogue, () => setCatalogue([]));
  }, []);
  return catalogue;
}

const PROBLEM_TEXT = { duplicate: 'Cette qualification est déjà dans la liste.', before_obtained: 'La fin de validité précède la date d’obtention.' } as const;

/** The server's own checks (shared/qualifications.ts), in French, under the field the server would name. */
export function qualificationProblems(held: readonly HeldQualification[], found: FieldErrors): void {
  for (const problem of sharedProblems(held)) found[problem.field] ??= PROBLEM_TEXT[problem.code];
}

/** The body's list: an empty end of validity means none. */
export const qualificationsBody = (held: readonly HeldQualification[]) =>
  held.map(({ code, obtainedOn, validUntil }) => ({ code, obtainedOn, ...(validUntil ? { validUntil } : {}) }));

const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).setLocale('fr').toFormat('d LLLL yyyy');

/** "valable jusqu'au 3 mars 2027", "expire dans 12 jours", "expirée le 3 mars 2026", "sans date de fin". */
export function validityText(q: HeldQualification, today = DateTime.now().setZone(ZONE).toISODate()!): string {
  if (!q.validUntil) return 'sans date de fin';
  if (q.validUntil < today) return `expirée le ${day(q.validUntil)}`;
  const left = DateTime.fromISO(q.validUntil).diff(DateTime.fromISO(today), 'days').days;
  if (left <= 90) return left === 0 ? 'expire ce soir' : `expire dans ${left} jour${left > 1 ? 's' : ''} (${day(q.validUntil)})`;
  return `valable jusqu’au ${day(q.validUntil)}`;
}

const nameOf = (catalogue: readonly CatalogueEntry[], code: string) => catalogue.find((q) => q.code === code)?.name ?? code;

/** The list in brief, for a card. */
export function QualificationsSummary({ held, catalogue }: { held: readonly HeldQualification[]; catalogue: readonly CatalogueEntry[] }) {
  if (held.length === 0) return <p class="muted">Aucune qualification enregistrée</p>;
  return (
    <ul class="qualifications" aria-label="Qualifications">
      {held.map((q) => <li key={q.code}>{nameOf(catalogue, q.code)} : {validityText(q)}</li>)}
    </ul>
  );
}

interface FieldsProps {
  held: HeldQualification[];
  onChange: (next: HeldQualification[]) => void;
  catalogue: readonly CatalogueEntry[];
  errors: FieldErrors;
}

/** One group per qualification held (which, obtained on, valid until), and a button to add one. */
export function QualificationsFields({ held, onChange, catalogue, errors }: FieldsProps) {
  const change = (index: number, patch: Partial<HeldQualification>) => onChange(held.map((q, i) => (i === index ? { ...q, ...patch } : q)));
  const unused = catalogue.find((entry) => !held.some((q) => q.code === entry.code));
  return (
    <fieldset class="qualifications-fields">
      <legend>Qualifications</legend>
      <p class="hint">Formations et diplômes exigés pour certaines spécialités ou langues ; une qualification est valable jusqu’au soir du dernier jour indiqué.</p>
      {held.map((q, i) => (
        <fieldset key={i} class="row qualification">
          <legend>{nameOf(catalogue, q.code) || `Qualification ${i + 1}`}</legend>
          <Field label="Qualification" error={errors[`qualifications.${i}.code`]}>
            {({ id, describedBy, invalid }) => (
              <select id={id} value={q.code} onChange={(e) => change(i, { code: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid}>
                {catalogue.map((entry) => <option key={entry.code} value={entry.code}>{entry.name}</option>)}
              </select>
            )}
          </Field>
          <Field label="Obtenue le" error={errors[`qualifications.${i}.obtainedOn`]}>
            {({ id, describedBy, invalid }) => <input id={id} type="date" value={q.obtainedOn} onInput={(e) => change(i, { obtainedOn: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <Field label="Valable jusqu’au (facultatif)" error={errors[`qualifications.${i}.validUntil`]}>
            {({ id, describedBy, invalid }) => <input id={id} type="date" value={q.validUntil ?? ''} onInput={(e) => change(i, { validUntil: e.currentTarget.value || undefined })} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <Button variant="secondary" onClick={() => onChange(held.filter((_, j) => j !== i))}>
            Retirer<span class="visually-hidden"> {nameOf(catalogue, q.code)}</span>
          </Button>
        </fieldset>
      ))}
      {unused && <Button variant="secondary" onClick={() => onChange([...held, { code: unused.code, obtainedOn: '' }])}>Ajouter une qualification</Button>}
    </fieldset>
  );
}

interface FormProps {
  interpreter: InterpreterView;
  catalogue: readonly CatalogueEntry[];
  onSaved: (saved: InterpreterView) => void;
}

/**
 * The agency's form (PUT /api/interpreters/:id/qualifications): a change that takes away what a confirmed
 * session requires lists those sessions and asks before withdrawing the interpreter from them.
 */
export function QualificationsForm({ interpreter, catalogue, onSaved }: FormProps) {
  const [held, setHeld] = useState<HeldQualification[]>(interpreter.qualifications);
  const [dropping, setDropping] = useState<DroppedSession[]>();
  const [saved, setSaved] = useState<string>();
  const form = useSubmit();
  const save = (confirmWithdrawals: boolean) => {
    const body = { qualifications: qualificationsBody(held), ...(confirmWithdrawals ? { confirmWithdrawals } : {}) };
    setSaved(undefined);
    return form.submit(qualificationsUpdateBody, body, async () => {
      try {
        const updated = await api<InterpreterView>('PUT', `/api/interpreters/${interpreter.id}/qualifications`, body);
        setDropping(undefined);
        setSaved(`Qualifications enregistrées : elles comptent dès maintenant pour les demandes.${confirmWithdrawals ? ' Les séances concernées sont reproposées à d’autres interprètes.' : ''}`);
        onSaved(updated);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'sessions_during_absence')) throw error;
        setDropping(error.details.flatMap((d) => (d.session ? [d.session] : [])));
      }
    }, { alsoCheck: (found) => qualificationProblems(held, found) });
  };
  return (
    <form class="stack" noValidate aria-label="Qualifications" onSubmit={(e) => { e.preventDefault(); void save(false); }}>
      {form.failure && <Alert>{form.failure}</Alert>}
      <QualificationsFields held={held} onChange={setHeld} catalogue={catalogue} errors={form.errors} />
      {saved && <Alert kind="success">{saved}</Alert>}
      <DroppedSessionsDialog sessions={dropping} forSelf={false} busy={form.busy} onConfirm={() => void save(true)} onKeep={() => setDropping(undefined)} onClose={() => setDropping(undefined)} />
      <div class="actions">
        <Button type="submit" busy={form.busy}>Valider les qualifications</Button>
      </div>
    </form>
  );
}
