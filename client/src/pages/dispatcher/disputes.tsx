import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, query } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { callbackNote, dateTime, duration, modalityLabel, OUTCOME_LABELS } from '../../format';
import { languageName } from '../../languages';
import { useLiveEvent } from '../../live';
import type { RequestView } from '../../types';

/**
 * The agency's disputed sessions: the interpreter's figures against the structure's, settled by
 * accepting the first or correcting them (the ledger gets a reversal and a new entry).
 */
export function Disputes() {
  const [disputes, setDisputes] = useState<RequestView[]>([]);
  const load = () => get<RequestView[]>(`/api/requests${query({ status: 'completed', verification: 'disputed', limit: 200 })}`).then(setDisputes, () => undefined);
  useEffect(() => void load(), []);
  useLiveEvent<RequestView>('request:updated', (r) => {
    if (r.verification === 'disputed' || disputes.some((d) => d.id === r.id)) void load();
  });
  if (disputes.length === 0) return null;
  return (
    <section aria-labelledby="disputes-title">
      <h2 id="disputes-title">Séances contestées ({disputes.length})</h2>
      <ul class="cards" aria-label="Séances contestées">
        {disputes.map((r) => <DisputeCard key={r.id} request={r} onSettled={() => setDisputes((list) => list.filter((d) => d.id !== r.id))} />)}
      </ul>
    </section>
  );
}

function DisputeCard({ request: r, onSettled }: { request: RequestView; onSettled: () => void }) {
  const [minutes, setMinutes] = useState(String(r.dispute?.actualMinutes ?? r.completion?.actualMinutes ?? ''));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const settle = async (decision: 'accept' | 'correct') => {
    if (!reason.trim()) {
      setFailure('Indiquez le motif de la décision.');
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      await post(`/api/requests/${r.id}/resolve`, decision === 'accept' ? { decision, reason: reason.trim() } : { decision, reason: reason.trim(), actualMinutes: Number(minutes), outcome: 'done' });
      onSettled();
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="card" data-request-id={r.id}>
      <h3>{languageName(r.language)} · {modalityLabel(r.modality)} · {dateTime(r.start, r.timeZone)}</h3>
      <p>Interprète {r.interpreter?.name ?? ''} : {OUTCOME_LABELS[r.completion?.outcome ?? ''] ?? ''}, {duration(r.completion?.actualMinutes ?? 0)}.</p>
      {callbackNote(r) && <p class="muted">{callbackNote(r)}</p>}
      <p>Structure : {r.dispute?.actualMinutes !== undefined ? `${duration(r.dispute.actualMinutes)}. ` : ''}« {r.dispute?.reason} »</p>
      {failure && <Alert>{failure}</Alert>}
      <Field label="Motif de la décision">
        {({ id }) => <textarea id={id} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <Field label="Minutes retenues en cas de correction">
        {({ id }) => <input id={id} type="number" min={0} max={720} class="narrow" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />}
      </Field>
      <div class="actions">
        <Button busy={busy} onClick={() => void settle('accept')}>Maintenir les chiffres de l’interprète</Button>
        <Button variant="secondary" busy={busy} onClick={() => void settle('correct')}>Corriger</Button>
      </div>
    </li>
  );
}
