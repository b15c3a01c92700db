import { useEffect, useMemo, useState } from 'preact/hooks';
import { requestCreateBody } from 'virtual:validators';
import { DEFAULT_REGION_CODE, MODALITIES, MODALITY_LABELS, SPECIALTIES, type Modality } from '../../../../shared/enums';
import { regionByCode, regionOf } from '../../../../shared/regions';
import { EXCHANGE_MAX_MINUTES, proposedExchange } from '../../../../shared/exchange';
import { patientRefProblem } from '../../../../shared/patient-ref';
import type { RequestCreateBody } from '../../../../shared/schemas/booking';
import { get, post, query } from '../../api';
import { LanguagePicker } from '../../components/language-picker';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { duration, inZone, readLocalInput, showingLabel, toLocalInput, twiceTimeQuestion, ZONE, zoneLabel } from '../../format';
import { searchLanguages, type Language } from '../../languages';
import { navigate, useRoute } from '../../router';
import { useSession } from '../../session';
import { CoverageHint } from './coverage-hint';
import { SimilarDialog } from './similar-dialog';
import { seriesProblem, startProblem, type StartChoice } from './start-time';
import type { FieldErrors } from '../../validation';
import type { RequestView } from '../../types';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];

interface Form {
  language: Language | undefined;
  modality: Modality;
  when: 'now' | 'later';
  start: string;
  /** When the clocks show the time typed twice that day: the showing chosen (its ISO instant). */
  showing: string;
  durationMinutes: number;
  specialty: string;
  /** Proposed from the specialty (shared/exchange.ts), then as the person sets them. */
  briefingMinutes: number;
  debriefingMinutes: number;
  address: string;
  department: string;
  interpreterGender: string;
  sameInterpreterAs: string;
  patientRef: string;
  notes: string;
  callbackPhone: string;
  repeat: boolean;
  every: 'week' | '2weeks' | 'month';
  count: number;
}

function nextSlot(): string {
  return toLocalInput(inZone(new Date().toISOString()).plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toISO()!);
}

/**
 * Where the requester's structure books: its zone (its region's: La Réunion's in 974), Paris until it
 * is known, and its department, whose region's departments the on-site field suggests.
 */
function useStructurePlace(structureId: string | undefined): { zone: string; department?: string } {
  const [place, setPlace] = useState<{ zone: string; department?: string }>({ zone: ZONE });
  useEffect(() => {
    if (!structureId) return;
    get<{ timeZone?: string; department?: string }>(`/api/structures/${structureId}`).then((structure) => setPlace({ zone: structure.timeZone ?? ZONE, department: structure.department }), () => undefined);
  }, [structureId]);
  return place;
}

const blank = (): Form => ({
  language: undefined, modality: 'phone', when: 'later', start: nextSlot(), showing: '', durationMinutes: 30, specialty: '', briefingMinutes: 0, debriefingMinutes: 0, address: '', department: '',
  interpreterGender: '', sameInterpreterAs: '', patientRef: '', notes: '', callbackPhone: '', repeat: false, every: 'week', count: 4,
});

/** The start the form means: 'now', the one instant the zone's clocks show the time typed, or the showing chosen when they show it twice. */
function startOf(form: Form, zone: string): StartChoice {
  if (form.modality === 'phone' && form.when === 'now') return { start: 'now' };
  const reading = readLocalInput(form.start, zone);
  const date = form.start.slice(0, 10);
  if (reading.kind === 'one') return { start: reading.at.iso, reading, date };
  if (reading.kind === 'twice') return { start: reading.at.find((at) => at.iso === form.showing)?.iso, reading, date };
  return { reading, date };
}

/**
 * The API body from the form: only what applies, so that the shared schema can judge it. Typed as the
 * schema's type; an unfinished field (no language chosen, an unreadable or skipped time) is sent as ''
 * for the schema to refuse.
 */
function bodyOf(form: Form, zone: string): RequestCreateBody {
  const now = form.modality === 'phone' && form.when === 'now';
  return {
    language: form.language?.code ?? '',
    modality: form.modality,
    start: startOf(form, zone).start ?? '',
    durationMinutes: form.durationMinutes,
    briefingMinutes: form.briefingMinutes,
    debriefingMinutes: form.debriefingMinutes,
    ...(form.specialty ? { specialty: form.specialty as RequestCreateBody['specialty'] } : {}),
    ...(form.modality === 'onsite' ? { location: { address: form.address.trim(), department: form.department.trim().toUpperCase() as NonNullable<RequestCreateBody['location']>['department'] } } : {}),
    ...(form.interpreterGender ? { interpreterGender: form.interpreterGender as RequestCreateBody['interpreterGender'] } : {}),
    ...(form.sameInterpreterAs ? { sameInterpreterAs: form.sameInterpreterAs } : {}),
    ...(form.patientRef.trim() ? { patientRef: form.patientRef.trim() } : {}),
    ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
    ...(form.modality !== 'onsite' && form.callbackPhone.trim() ? { callbackPhone: form.callbackPhone.trim() } : {}),
    ...(form.repeat && !now ? { recurrence: { every: form.every, count: form.count } } : {}),
  };
}

export function BookPage() {
  const { params } = useRoute();
  const { user } = useSession();
  const { zone, department: structureDepartment } = useStructurePlace(user.structureId);
  const nearby = (regionOf(structureDepartment ?? '') ?? regionByCode(DEFAULT_REGION_CODE)!).departments;
  // The callback number comes from the professional's profile, and stays what they typed last.
  const fresh = (): Form => ({ ...blank(), callbackPhone: user.phone ?? '' });
  const [form, setForm] = useState<Form>(fresh);
  const { errors, failure, busy, submit: send, setFailure } = useSubmit();
  const [previousName, setPreviousName] = useState<string>();
  // One key per booking attempt: a double click or a retry after a lost answer books once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  // Likely duplicates found before sending, for the person to confirm or not.
  const [similar, setSimilar] = useState<{ body: RequestCreateBody; requests: RequestView[] }>();

  const fromId = params.get('depuis');
  useEffect(() => {
    if (!fromId) return;
    (async () => {
      const previous = await get<RequestView>(`/api/requests/${fromId}`);
      const language = (await searchLanguages(previous.language)).find((l) => l.code === previous.language);
      setPreviousName(previous.interpreter?.name);
      setForm({
        ...fresh(),
        ...(previous.callbackPhone ? { callbackPhone: previous.callbackPhone } : {}),
        language,
        modality: previous.modality as Modality,
        durationMinutes: previous.durationMinutes,
        specialty: previous.specialty ?? '',
        briefingMinutes: previous.briefingMinutes,
        debriefingMinutes: previous.debriefingMinutes,
        address: previous.location?.address ?? '',
        department: previous.location?.department ?? '',
        interpreterGender: previous.interpreterGender ?? '',
        sameInterpreterAs: previous.interpreter ? previous.id : '',
        patientRef: previous.patientRef ?? '',
      });
    })().catch(() => setFailure('La demande précédente n’a pas pu être chargée.'));
  }, [fromId]);

  const modalities = useMemo(() => MODALITIES.filter((m) => !form.language || form.language.modalities.includes(m)), [form.language]);
  useEffect(() => {
    if (!modalities.includes(form.modality)) set('modality', modalities[0]!);
  }, [modalities]);

  const chosen = startOf(form, zone);
  const timeProblem = startProblem(chosen);
  // Said as the time is typed when the clocks skip it; after a try, which of two; a time read as one instant has no error left.
  const startError = chosen.reading?.kind === 'skipped' ? timeProblem
    : chosen.reading?.kind === 'twice' ? (errors.start ? timeProblem : undefined)
    : chosen.reading?.kind === 'one' ? undefined : errors.start;
  const repeatProblem = form.repeat && chosen.start && chosen.start !== 'now' ? seriesProblem(chosen.start, form.every, form.count, zone) : undefined;

  /** Sends the request; `checked` once the person has seen its likely duplicates and still wants it. */
  const sendRequest = (body: RequestCreateBody, checked: boolean) => {
    // What the schema cannot say in the requester's words: a language picked from the list, a time the
    // clocks show, and the patient-reference rule the server applies too (shared/patient-ref.ts).
    const alsoCheck = (found: FieldErrors) => {
      if (!form.language) found.language = 'Choisissez une langue dans la liste.';
      if (timeProblem) found.start = timeProblem;
      if (repeatProblem) found.recurrence = repeatProblem;
      const refProblem = body.patientRef ? patientRefProblem(body.patientRef) : undefined;
      if (refProblem) found.patientRef ??= refProblem;
    };
    return send(requestCreateBody, body, async () => {
      if (!checked) {
        const found = await get<RequestView[]>(`/api/requests/similar${query({ language: body.language, modality: body.modality, start: body.start, durationMinutes: body.durationMinutes, every: body.recurrence?.every, count: body.recurrence?.count })}`);
        if (found.length > 0) return setSimilar({ body, requests: found });
      }
      // The same key for every try of this booking: a double click or "send anyway" twice books once.
      const created = await post<RequestView>('/api/requests', body, { 'Idempotency-Key': idempotencyKey });
      setIdempotencyKey(crypto.randomUUID());
      setSimilar(undefined);
      navigate('/demandes', { id: created.id, nouvelle: '1' });
    }, { alsoCheck, fieldOfCode: { patient_ref_personal: 'patientRef', nonexistent_time: 'recurrence' }, summary: true });
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void sendRequest(bodyOf(form, zone), false);
  };

  const now = form.modality === 'phone' && form.when === 'now';
  return (
    <section aria-labelledby="book-title" class="page">
      <h1 id="book-title">Demander un·e interprète</h1>
      <form onSubmit={submit} noValidate class="stack book-form">
        {failure && <Alert>{failure}</Alert>}
        <Field label="Langue du patient" error={errors.language} hint="Tapez quelques lettres du nom en français (accents facultatifs).">
          {({ id, describedBy, invalid }) => <LanguagePicker id={id} value={form.language} onChange={(l) => set('language', l)} describedBy={describedBy} invalid={invalid} />}
        </Field>

        <fieldset>
          <legend>Modalité</legend>
          <div class="choices">
            {modalities.map((m) => (
              <label key={m} class="choice">
                <input type="radio" name="modality" value={m} checked={form.modality === m} onChange={() => set('modality', m)} />
                {MODALITY_LABELS[m]}
              </label>
            ))}
          </div>
          {form.language?.signLanguage && <p class="hint">La langue des signes se voit : visioconférence ou sur place.</p>}
        </fieldset>

        {form.modality === 'phone' && (
          <fieldset>
            <legend>Quand ?</legend>
            <div class="choices">
              <label class="choice"><input type="radio" name="when" value="now" checked={form.when === 'now'} onChange={() => set('when', 'now')} />Maintenant</label>
              <label class="choice"><input type="radio" name="when" value="later" checked={form.when === 'later'} onChange={() => set('when', 'later')} />À une date et une heure</label>
            </div>
          </fieldset>
        )}
        {!now && (
          <Field label={`Date et heure de début (${zoneLabel(zone)})`} error={startError}>
            {({ id, describedBy, invalid }) => <input id={id} type="datetime-local" step={300} value={form.start} onInput={(e) => set('start', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
        )}
        {!now && chosen.reading?.kind === 'twice' && (
          <fieldset class="showings">
            <legend>{twiceTimeQuestion(form.start.slice(0, 10), form.start.slice(11))}</legend>
            <div class="choices">
              {chosen.reading.at.map((at, _index, both) => (
                <label key={at.iso} class="choice">
                  <input type="radio" name="showing" value={at.iso} checked={form.showing === at.iso} onChange={() => set('showing', at.iso)} />
                  {showingLabel(at, both, zone)}
                </label>
              ))}
            </div>
          </fieldset>
        )}

        <div class="row">
          <Field label="Durée prévue" error={errors.durationMinutes}>
            {({ id, describedBy }) => (
              <select id={id} value={form.durationMinutes} onChange={(e) => set('durationMinutes', Number(e.currentTarget.value))} aria-describedby={describedBy}>
                {[...new Set([...DURATIONS, form.durationMinutes])].sort((a, b) => a - b).map((d) => <option key={d} value={d}>{duration(d)}</option>)}
              </select>
            )}
          </Field>
          <Field label="Spécialité" error={errors.specialty}>
            {({ id, describedBy }) => (
              <select id={id} value={form.specialty} onChange={(e) => { const specialty = e.currentTarget.value; setForm((f) => ({ ...f, specialty, ...proposedExchange(specialty) })); }} aria-describedby={describedBy}>
                <option value="">Aucune précision</option>
                {SPECIALTIES.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
              </select>
            )}
          </Field>
        </div>

        <fieldset class="exchange">
          <legend>Échange avec l’interprète, sans le patient</legend>
          <p class="hint" id="exchange-hint">Quelques minutes avant pour présenter la situation et vos attentes, après pour revenir sur ce qui s’est dit. Elles font partie de la séance, réservées et facturées avec elle{form.specialty && proposedExchange(form.specialty).briefingMinutes > 0 ? ' ; conseillées en santé mentale (recommandations HAS)' : ''}.</p>
          <div class="row">
            {(['briefingMinutes', 'debriefingMinutes'] as const).map((key) => (
              <Field key={key} label={key === 'briefingMinutes' ? 'Temps d’échange avant' : 'Temps d’échange après'} error={errors[key]} hint={`En minutes, de 0 à ${EXCHANGE_MAX_MINUTES}.`}>
                {({ id, describedBy, invalid }) => <input id={id} type="number" min={0} max={EXCHANGE_MAX_MINUTES} step={1} class="narrow" value={form[key]} onInput={(e) => set(key, e.currentTarget.valueAsNumber)} aria-describedby={`${describedBy ?? ''} exchange-hint`.trim()} aria-invalid={invalid} />}
              </Field>
            ))}
          </div>
        </fieldset>

        {form.modality !== 'onsite' && (
          <Field label="Numéro où l’interprète peut vous rappeler" error={errors.callbackPhone} hint="La séance se fait dans la plateforme ; ce numéro ne sert que si l’appel est impossible (pas de micro, coupure).">
            {({ id, describedBy, invalid }) => <input id={id} type="tel" autoComplete="tel" value={form.callbackPhone} onInput={(e) => set('callbackPhone', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
        )}

        {form.modality === 'onsite' && (
          <div class="row">
            <Field label="Adresse de la séance" error={errors['location.address'] ?? errors.location}>
              {({ id, describedBy, invalid }) => <input id={id} type="text" autoComplete="street-address" value={form.address} onInput={(e) => set('address', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label="Département" error={errors['location.department']} hint={`Numéro, ex. ${structureDepartment ?? nearby[0]!.code}`}>
              {({ id, describedBy, invalid }) => (
                <>
                  <input id={id} type="text" inputMode="numeric" list={`${id}-list`} maxLength={3} class="narrow" value={form.department} onInput={(e) => set('department', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />
                  <datalist id={`${id}-list`}>{nearby.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}</datalist>
                </>
              )}
            </Field>
          </div>
        )}

        <details class="more">
          <summary>Plus d’options (genre, patient, notes, répétition)</summary>
          <div class="stack">
            <Field label="Interprète souhaité·e" error={errors.interpreterGender}>
              {({ id }) => (
                <select id={id} value={form.interpreterGender} onChange={(e) => set('interpreterGender', e.currentTarget.value)}>
                  <option value="">Indifférent</option>
                  <option value="female">Une femme</option>
                  <option value="male">Un homme</option>
                </select>
              )}
            </Field>
            {previousName && (
              <label class="choice">
                <input type="checkbox" checked={Boolean(form.sameInterpreterAs)} onChange={(e) => set('sameInterpreterAs', e.currentTarget.checked ? fromId ?? '' : '')} />
                De préférence le·la même interprète ({previousName})
              </label>
            )}
            <Field label="Référence patient" error={errors.patientRef} hint="Initiales ou numéro de dossier, jamais le nom.">
              {({ id, describedBy, invalid }) => <input id={id} type="text" maxLength={20} value={form.patientRef} onInput={(e) => set('patientRef', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label="Notes pour la structure" error={errors.notes} hint="Visibles seulement par votre structure.">
              {({ id, describedBy, invalid }) => <textarea id={id} rows={2} maxLength={1000} value={form.notes} onInput={(e) => set('notes', e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            {!now && (
              <fieldset>
                <legend>Répétition</legend>
                <label class="choice"><input type="checkbox" checked={form.repeat} onChange={(e) => set('repeat', e.currentTarget.checked)} />Séance répétée (suivi)</label>
                {form.repeat && (
                  <div class="row">
                    <Field label="Fréquence">
                      {({ id }) => (
                        <select id={id} value={form.every} onChange={(e) => set('every', e.currentTarget.value as Form['every'])}>
                          <option value="week">Chaque semaine</option>
                          <option value="2weeks">Toutes les deux semaines</option>
                          <option value="month">Chaque mois</option>
                        </select>
                      )}
                    </Field>
                    <Field label="Nombre de séances" error={errors['recurrence.count']}>
                      {({ id, describedBy, invalid }) => <input id={id} type="number" min={2} max={52} class="narrow" value={form.count} onInput={(e) => set('count', Number(e.currentTarget.value))} aria-describedby={describedBy} aria-invalid={invalid} />}
                    </Field>
                  </div>
                )}
                {form.repeat && repeatProblem && <p class="field-error" role="alert">{repeatProblem}</p>}
              </fieldset>
            )}
          </div>
        </details>

        <CoverageHint input={{
          language: form.language?.code,
          languageName: form.language?.name,
          modality: form.modality,
          start: timeProblem || repeatProblem ? undefined : chosen.start,
          durationMinutes: form.durationMinutes,
          recurrence: form.repeat && !now ? { every: form.every, count: form.count } : undefined,
          department: form.department,
          interpreterGender: form.interpreterGender,
          specialty: form.specialty,
          briefingMinutes: form.briefingMinutes,
          debriefingMinutes: form.debriefingMinutes,
          timeZone: zone,
        }} />
        <Button type="submit" busy={busy}>{now ? 'Trouver un·e interprète maintenant' : 'Envoyer la demande'}</Button>
      </form>
      <SimilarDialog
        requests={similar?.requests}
        busy={busy}
        onSend={() => similar && void sendRequest(similar.body, true)}
        onClose={() => setSimilar(undefined)}
      />
    </section>
  );
}
