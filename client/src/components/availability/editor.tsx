import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { availabilityUpdateBody } from 'virtual:validators';
import { parisToday } from '../../../../shared/availability';
import type { AvailabilityUpdateBody } from '../../../../shared/schemas/directory';
import { ApiError, type DroppedSession } from '../../api';
import type { InterpreterView } from '../../types';
import { Button, NoticeArea, useNotice } from '../ui';
import { AbsencesFieldset, ExtraDaysFieldset } from './dated';
import { DroppedSessionsDialog } from './dropped-sessions';
import { ContactFieldset, TravelFieldset } from './details';
import { bodyOf, formOf, homeDepartments, type AvailabilityForm } from './form';
import { problemsOf, serverProblems } from './messages';
import type { Errors } from './rows';
import { availabilitySummary } from './summary';
import { WeekFieldset } from './weekly';

interface EditorProps {
  profile: InterpreterView;
  /** Sends the body (PATCH /api/interpreters/me, or /:id/availability) and answers the saved profile. */
  save: (body: AvailabilityUpdateBody) => Promise<InterpreterView>;
  onSaved?: (profile: InterpreterView) => void;
  submitLabel: string;
  /** The interpreter's own page (the wording of a withdrawal: "vous" rather than "l'interprète"). */
  forSelf?: boolean;
}

/** The summary a profile's availability reads as, today in Paris. */
export function AvailabilitySummary({ profile }: { profile: InterpreterView }) {
  return <p class="summary" data-testid="availability-summary">{availabilitySummary(profile, parisToday(new Date()))}</p>;
}

/**
 * The availability editor, the same for an interpreter and their dispatcher: the week, absences,
 * other hours on a date, on-site area and contact details; checked with the server's rules before
 * sending, every error next to its field; saved as one PATCH, effective for matching at once.
 */
export function AvailabilityEditor({ profile: initial, save, onSaved, submitLabel, forSelf = false }: EditorProps) {
  const [profile, setProfile] = useState(initial);
  const [form, setForm] = useState<AvailabilityForm>(() => formOf(initial, parisToday(new Date())));
  const [errors, setErrors] = useState<Errors>({});
  const { notice, show: setNotice } = useNotice();
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  // A change refused because it drops confirmed sessions, waiting for the person to confirm the withdrawals.
  const [dropping, setDropping] = useState<{ body: AvailabilityUpdateBody; sessions: DroppedSession[] }>();
  const formRef = useRef<HTMLFormElement>(null);
  // Each refusal moves the focus to the first field in error, once the errors are rendered, so that a
  // keyboard or screen reader user lands on it.
  const [refusals, setRefusals] = useState(0);
  useLayoutEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  const onsite = profile.modalities.includes('onsite');

  const change = (part: Partial<AvailabilityForm>) => {
    setForm((current) => ({ ...current, ...part }));
    setDirty(true);
  };
  const refuse = (found: Errors) => {
    setErrors(found);
    const count = Object.keys(found).length;
    setNotice({ kind: 'error', text: `${count > 1 ? `${count} informations sont` : 'Une information est'} à corriger : voir ${count > 1 ? 'les messages' : 'le message'} sous les champs.` });
    setRefusals((n) => n + 1);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const today = parisToday(new Date());
    const built = bodyOf(form, today);
    const found = problemsOf(availabilityUpdateBody, built, today, onsite);
    if (Object.keys(found).length > 0) return refuse(found);
    await send(built, built.body);
  };

  const send = async (built: ReturnType<typeof bodyOf>, body: AvailabilityUpdateBody) => {
    const today = parisToday(new Date());
    setBusy(true);
    try {
      const saved = await save(body);
      const withdrawn = dropping?.sessions.length ?? 0;
      setDropping(undefined);
      setProfile(saved);
      setForm(formOf(saved, today));
      setErrors({});
      setDirty(false);
      setNotice({
        kind: 'success',
        text: `Disponibilités enregistrées : elles comptent dès maintenant pour les nouvelles demandes.${withdrawn > 0 ? ` ${withdrawn > 1 ? `${withdrawn} séances sont reproposées` : 'Une séance est reproposée'} à d’autres interprètes.` : ''}`,
      });
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'sessions_during_absence') {
        return setDropping({ body: { ...body, confirmWithdrawals: true }, sessions: error.details.flatMap((d) => (d.session ? [d.session] : [])) });
      }
      setDropping(undefined);
      if (error instanceof ApiError && error.details.length > 0) return refuse(serverProblems(error.details, built, today));
      setNotice({ kind: 'error', text: error instanceof ApiError ? error.message : 'Erreur inattendue.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} class="availability-editor" onSubmit={submit} noValidate aria-label="Disponibilités">
      <h2>En bref</h2>
      <AvailabilitySummary profile={profile} />
      <WeekFieldset week={form.week} errors={errors} zone={profile.timeZone} onChange={(week) => change({ week })} />
      <AbsencesFieldset absences={form.absences} errors={errors} onChange={(absences) => change({ absences })} />
      <ExtraDaysFieldset days={form.extraDays} errors={errors} onChange={(extraDays) => change({ extraDays })} />
      <TravelFieldset form={form} errors={errors} onsite={onsite} departments={homeDepartments(profile)} onChange={change} />
      <ContactFieldset form={form} errors={errors} onChange={change} />
      <NoticeArea notice={notice} />
      <DroppedSessionsDialog
        sessions={dropping?.sessions}
        forSelf={forSelf}
        busy={busy}
        onConfirm={() => dropping && void send(bodyOf(form, parisToday(new Date())), dropping.body)}
        onKeep={() => {
          setDropping(undefined);
          setNotice({ kind: 'error', text: `Rien n’a été enregistré : ${forSelf ? 'vos' : 'ses'} séances confirmées sont gardées. Modifiez les dates, ou confirmez le désistement.` });
        }}
        onClose={() => setDropping(undefined)}
      />
      <div class="actions">
        <Button type="submit" busy={busy}>{submitLabel}</Button>
        {dirty && <span class="muted" role="status">Modifications non enregistrées</span>}
      </div>
    </form>
  );
}
