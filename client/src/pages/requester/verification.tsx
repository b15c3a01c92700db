import { useState } from 'preact/hooks';
import { disputeBody, feedbackBody } from 'virtual:validators';
import { ApiError, post } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { callbackNote, dateTime, duration, OUTCOME_LABELS } from '../../format';
import type { RequestView } from '../../types';

const SETTLED: Record<string, string> = {
  confirmed: 'Séance confirmée par votre structure.',
  tacit: 'Séance confirmée (sans réponse dans les 7 jours).',
  resolved: 'Contestation arbitrée.',
};

/**
 * After a completion: the structure confirms the session as the interpreter recorded it, or disputes
 * it within 7 days; once confirmed, it may rate it (and ask never to be offered this interpreter again).
 */
export function VerificationPanel({ request: r, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const [disputing, setDisputing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  if (!r.verification) return null;
  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      onChange(await post<RequestView>(`/api/requests/${r.id}/confirm`));
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  if (r.verification === 'pending') {
    return (
      <div class="verification" data-testid="verification">
        <p>
          L’interprète a enregistré : <strong>{OUTCOME_LABELS[r.completion?.outcome ?? ''] ?? r.completion?.outcome}, {duration(r.completion?.actualMinutes ?? 0)}</strong>.
          {r.verificationDueAt ? ` Confirmez ou contestez avant le ${dateTime(r.verificationDueAt, r.timeZone)}.` : ''}
        </p>
        {callbackNote(r) && <p>{callbackNote(r)}</p>}
        <CallSound request={r} />
        {failure && <Alert>{failure}</Alert>}
        {!disputing && (
          <div class="actions">
            <Button busy={busy} onClick={() => void confirm()}>Confirmer la séance</Button>
            <Button variant="secondary" onClick={() => setDisputing(true)}>Contester…</Button>
          </div>
        )}
        {disputing && <DisputeForm request={r} onDone={onChange} onCancel={() => setDisputing(false)} />}
      </div>
    );
  }
  if (r.verification === 'disputed') {
    return <p class="verification muted" data-testid="verification">Séance contestée{r.dispute?.actualMinutes !== undefined ? ` (durée indiquée : ${duration(r.dispute.actualMinutes)})` : ''} : l’agence ou l’ARS va trancher.</p>;
  }
  return (
    <div class="verification" data-testid="verification">
      <p class="muted">{SETTLED[r.verification] ?? r.verification}</p>
      <CallSound request={r} />
      {r.feedback ? <p class="muted">Votre avis : {r.feedback.rating}/5{r.feedback.doNotSendAgain ? ' · cet·te interprète ne vous sera plus proposé·e' : ''}</p> : <FeedbackForm request={r} onDone={onChange} />}
    </div>
  );
}

function DisputeForm({ request, onDone, onCancel }: { request: RequestView; onDone: (r: RequestView) => void; onCancel: () => void }) {
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const { errors, failure, busy, submit } = useSubmit();
  const send = (event: Event) => {
    event.preventDefault();
    const body = { reason: reason.trim(), ...(minutes.trim() ? { actualMinutes: Number(minutes) } : {}) };
    void submit(disputeBody, body, async () => onDone(await post<RequestView>(`/api/requests/${request.id}/dispute`, body)));
  };
  return (
    <form onSubmit={send} noValidate class="stack" aria-label="Contester la séance">
      {failure && <Alert>{failure}</Alert>}
      <Field label="Durée réelle selon vous (minutes, facultatif)" error={errors.actualMinutes}>
        {({ id, describedBy, invalid }) => <input id={id} type="number" min={0} max={720} class="narrow" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
      </Field>
      <Field label="Motif de la contestation" error={errors.reason} hint="Sans nom de patient.">
        {({ id, describedBy, invalid }) => <textarea id={id} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
      </Field>
      <div class="actions">
        <Button type="submit" busy={busy}>Envoyer la contestation</Button>
        <Button variant="secondary" onClick={onCancel}>Retour</Button>
      </div>
    </form>
  );
}

function FeedbackForm({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const [rating, setRating] = useState<number>();
  const [comment, setComment] = useState('');
  const [never, setNever] = useState(false);
  const { errors, failure, busy, submit } = useSubmit();
  const send = (event: Event) => {
    event.preventDefault();
    const body = { rating, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(never ? { doNotSendAgain: true } : {}) };
    void submit(feedbackBody, body, async () => onDone(await post<RequestView>(`/api/requests/${request.id}/feedback`, body)));
  };
  return (
    <form onSubmit={send} noValidate class="stack" aria-label="Noter la séance">
      {failure && <Alert>{failure}</Alert>}
      <fieldset aria-describedby={errors.rating ? `rating-error-${request.id}` : undefined}>
        <legend>Votre note (1 à 5)</legend>
        <div class="choices">
          {[1, 2, 3, 4, 5].map((n) => <label key={n} class="choice"><input type="radio" name={`rating-${request.id}`} checked={rating === n} onChange={() => setRating(n)} />{n}</label>)}
        </div>
        {errors.rating && <p id={`rating-error-${request.id}`} class="field-error">Choisissez une note.</p>}
      </fieldset>
      <Field label="Commentaire (facultatif)" error={errors.comment} hint="Lu par votre structure et l’agence de l’interprète seulement.">
        {({ id, describedBy, invalid }) => <textarea id={id} rows={2} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
      </Field>
      <label class="choice"><input type="checkbox" checked={never} onChange={(e) => setNever(e.currentTarget.checked)} />Ne plus me proposer cet·te interprète</label>
      <Button type="submit" busy={busy}>Envoyer l’avis</Button>
    </form>
  );
}

/** The participants' answers to "Le son était-il bon ?", with the session the structure verifies and rates. */
function CallSound({ request: r }: { request: RequestView }) {
  const sound = r.call?.sound;
  if (!sound) return null;
  return <p class="muted" data-testid="call-sound">Son de l’appel, d’après les participants : {sound.bad > 0 ? `mauvais pour ${sound.bad} sur ${sound.good + sound.bad}` : 'bon'}</p>;
}
