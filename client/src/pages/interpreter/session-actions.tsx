import { useState } from 'preact/hooks';
import { problemBody, withdrawBody } from 'virtual:validators';
import { ApiError, post } from '../../api';
import { Alert, Button, Dialog, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { dateTime } from '../../format';
import { languageName } from '../../languages';
import type { RequestView } from '../../types';
import { PROBLEM_KINDS } from '../../../../shared/schemas/booking';
import { LATE_WITHDRAWAL_HOURS, LATE_WITHDRAWAL_MINUTES } from '../../../../shared/withdrawal';

// What an interpreter can do about a session of their agenda besides recording it: withdraw (the rule on
// late withdrawals told before confirming) and report a problem to the agency.

export const PROBLEM_LABELS: Record<(typeof PROBLEM_KINDS)[number], string> = {
  patient_absent: 'Patient·e absent·e',
  requester_late: 'Professionnel·le en retard',
  unsafe_setting: 'Cadre dangereux ou inadapté',
  other: 'Autre problème',
};

const describe = (s: RequestView) => `${languageName(s.language)}, ${dateTime(s.start, s.timeZone)}`;

/** Whether withdrawing now is late (shared/withdrawal.ts, the rule the server applies). */
export const lateNow = (s: RequestView) => (new Date(s.start).getTime() - Date.now()) / 60_000 < LATE_WITHDRAWAL_MINUTES;

/** "Me désister…": a dialog telling the late rule for this session, a reason, then the withdrawal. */
export function WithdrawButton({ session, onWithdrawn }: { session: RequestView; onWithdrawn: (late: boolean) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [late, setLate] = useState(false);
  const { errors, failure, busy, submit, reset } = useSubmit();
  const start = () => {
    setReason('');
    setLate(lateNow(session));
    reset();
    setOpen(true);
  };
  const confirm = (event: Event) => {
    event.preventDefault();
    const body = { reason: reason.trim() };
    void submit(withdrawBody, body, async () => {
      await post(`/api/requests/${session.id}/withdraw`, body);
      setOpen(false);
      onWithdrawn(late);
    });
  };
  return (
    <>
      <Button variant="secondary" onClick={start} aria-label={`Me désister de la séance ${describe(session)}`}>Me désister…</Button>
      <Dialog title="Me désister de cette séance" open={open} onClose={() => setOpen(false)}>
        <form onSubmit={confirm} noValidate class="stack">
          <p>{describe(session)}.</p>
          <p class={late ? 'fee fee--due' : 'fee'} data-testid="withdrawal-rule">
            {late
              ? `Désistement tardif : la séance commence dans moins de ${LATE_WITHDRAWAL_HOURS} heures. Il est compté dans votre dossier ; la structure et l’agence sont prévenues et la séance est proposée à d’autres interprètes.`
              : `Plus de ${LATE_WITHDRAWAL_HOURS} heures avant la séance : le désistement n’est pas compté comme tardif. La séance est proposée à d’autres interprètes.`}
          </p>
          {failure && <Alert>{failure}</Alert>}
          <Field label="Motif" hint="Pour l’agence. Ne donnez pas le nom du patient." error={errors.reason}>
            {({ id, describedBy, invalid }) => <textarea id={id} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <div class="actions">
            <Button type="submit" variant="danger" busy={busy}>Confirmer le désistement</Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>Garder la séance</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/**
 * "Je connais la personne" (impartiality, HAS 2017): a dialog saying what follows, then `step` (declining
 * the offer, or withdrawing from the session, with knowsPatient). `what`: the offer or session, in words.
 */
export function KnowsPatientButton({ what, step, onDone }: { what: string; step: () => Promise<unknown>; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await step();
      setOpen(false);
      onDone();
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={() => { setFailure(undefined); setOpen(true); }} aria-label={`Je connais la personne : ${what}`}>Je connais la personne</Button>
      <Dialog title="Vous connaissez la personne ?" open={open} onClose={() => setOpen(false)}>
        <div class="stack">
          <p>{what}.</p>
          <p>Par impartialité, vous vous retirez : ce n’est jamais compté comme un désistement tardif. La demande est proposée tout de suite à d’autres interprètes ; vous êtes aussi retiré·e de vos autres séances avec cette personne dans cette structure, et ses demandes ne vous seront plus proposées.</p>
          {failure && <Alert>{failure}</Alert>}
          <div class="actions">
            <Button variant="danger" onClick={() => void confirm()} busy={busy}>Me retirer</Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>Annuler</Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}

/** "Signaler un problème…": its kind and a comment, for the agency's dispatchers; a second report replaces the first. */
export function ProblemButton({ session, onReported }: { session: RequestView; onReported: (s: RequestView) => void }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<string>('');
  const [comment, setComment] = useState('');
  const { errors, failure, busy, submit, reset } = useSubmit();
  const start = () => {
    setKind(session.problem?.kind ?? '');
    setComment(session.problem?.comment ?? '');
    reset();
    setOpen(true);
  };
  const send = (event: Event) => {
    event.preventDefault();
    const body = { ...(kind ? { kind } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) };
    void submit(problemBody, body, async () => {
      const updated = await post<RequestView>(`/api/requests/${session.id}/problem`, body);
      setOpen(false);
      onReported(updated);
    });
  };
  return (
    <>
      <Button variant="secondary" onClick={start} aria-label={`Signaler un problème pour la séance ${describe(session)}`}>Signaler un problème…</Button>
      <Dialog title="Signaler un problème" open={open} onClose={() => setOpen(false)}>
        <form onSubmit={send} noValidate class="stack">
          <p>{describe(session)}. L’agence est prévenue.</p>
          {failure && <Alert>{failure}</Alert>}
          <fieldset aria-describedby={errors.kind ? `problem-kind-error-${session.id}` : undefined}>
            <legend>Quel problème ?</legend>
            {PROBLEM_KINDS.map((k) => (
              <label key={k} class="choice"><input type="radio" name={`problem-${session.id}`} checked={kind === k} onChange={() => setKind(k)} />{PROBLEM_LABELS[k]}</label>
            ))}
            {errors.kind && <p class="field-error" id={`problem-kind-error-${session.id}`}>Choisissez le problème.</p>}
          </fieldset>
          <Field label="Précisions (facultatif)" hint="Ne donnez pas le nom du patient." error={errors.comment}>
            {({ id, describedBy, invalid }) => <textarea id={id} rows={3} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <div class="actions">
            <Button type="submit" busy={busy}>Envoyer à l’agence</Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>Annuler</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
