import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, query } from '../../api';
import { Alert, Button, Empty, StatusBadge } from '../../components/ui';
import { dateTime, duration, modalityLabel, specialtyLabel } from '../../format';
import { languageName } from '../../languages';
import { useLiveEvent, useReconnect } from '../../live';
import type { RequestView } from '../../types';

interface Candidate {
  interpreterId: string;
  name: string;
  score: number;
  reasons: string[];
}

const REFRESH_MS = 30_000;

/** At-risk first, then the soonest: what a dispatcher must handle before anything else. */
function urgency(a: RequestView, b: RequestView): number {
  return Number(Boolean(b.atRisk)) - Number(Boolean(a.atRisk)) || a.start.localeCompare(b.start);
}

export function DispatchPage() {
  const [requests, setRequests] = useState<RequestView[]>();
  const [selected, setSelected] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = async () => {
    try {
      const since = new Date(Date.now() - 24 * 3600_000).toISOString();
      const [open, unfilled] = await Promise.all([
        get<RequestView[]>(`/api/requests${query({ status: 'open', limit: 500 })}`),
        get<RequestView[]>(`/api/requests${query({ status: 'unfilled', from: since, limit: 500 })}`),
      ]);
      setRequests([...open, ...unfilled].sort(urgency));
      setFailure(undefined);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useReconnect(() => void load());
  useLiveEvent<RequestView>('request:at-risk', (r) => {
    setNotice(`À risque : ${languageName(r.language)}, ${dateTime(r.start)} n’a toujours pas d’interprète.`);
    void load();
  });

  const current = requests?.find((r) => r.id === selected);
  return (
    <section aria-labelledby="dispatch-title" class="page">
      <h1 id="dispatch-title">Demandes à pourvoir</h1>
      <div aria-live="polite">{notice && <Alert kind="info">{notice}</Alert>}</div>
      {failure && <Alert>{failure}</Alert>}
      {!requests && !failure && <p role="status">Chargement…</p>}
      {requests && requests.length === 0 && <Empty>Aucune demande en attente pour votre agence.</Empty>}
      <div class="split">
        <ul class="cards" aria-label="Demandes sans interprète">
          {requests?.map((r) => (
            <li key={r.id} class={`card${r.atRisk ? ' card--urgent' : ''}${r.id === selected ? ' card--highlighted' : ''}`} data-request-id={r.id}>
              <div class="card-head">
                <h2>{languageName(r.language)} · {modalityLabel(r.modality)}</h2>
                <StatusBadge status={r.status} atRisk={r.atRisk} />
              </div>
              <p>{dateTime(r.start)} · {duration(r.durationMinutes)}{r.specialty ? ` · ${specialtyLabel(r.specialty)}` : ''}{r.department ? ` · département ${r.department}` : ''}</p>
              <Button variant="secondary" aria-expanded={r.id === selected} onClick={() => setSelected(r.id === selected ? undefined : r.id)}>
                {r.id === selected ? 'Masquer les interprètes' : 'Voir les interprètes'}
              </Button>
            </li>
          ))}
        </ul>
        {current && (
          <Candidates
            request={current}
            onAssigned={(assigned, name) => {
              setRequests((list) => list?.filter((r) => r.id !== assigned.id));
              setSelected(undefined);
              setNotice(`${name} est attribué·e à la demande en ${languageName(assigned.language).toLowerCase()} du ${dateTime(assigned.start)}.`);
            }}
          />
        )}
      </div>
    </section>
  );
}

function Candidates({ request, onAssigned }: { request: RequestView; onAssigned: (r: RequestView, name: string) => void }) {
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState<string>();
  useEffect(() => {
    setCandidates(undefined);
    setFailure(undefined);
    get<Candidate[]>(`/api/requests/${request.id}/candidates`).then(setCandidates, (e: ApiError) => setFailure(e.message));
  }, [request.id]);

  const assign = async (candidate: Candidate) => {
    setBusy(candidate.interpreterId);
    setFailure(undefined);
    try {
      onAssigned(await post<RequestView>(`/api/requests/${request.id}/assign`, { interpreterId: candidate.interpreterId }), candidate.name);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="panel" aria-labelledby="candidates-title">
      <h2 id="candidates-title">Interprètes de l’agence, les mieux placé·es d’abord</h2>
      {failure && <Alert>{failure}</Alert>}
      {!candidates && !failure && <p role="status">Recherche…</p>}
      {candidates && candidates.length === 0 && <Empty>Aucun·e interprète de votre agence n’est disponible pour cette demande.</Empty>}
      <ol class="candidates">
        {candidates?.map((c) => (
          <li key={c.interpreterId} class="candidate">
            <div>
              <strong>{c.name}</strong>
              <ul class="reasons">{c.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
            </div>
            <Button onClick={() => assign(c)} busy={busy === c.interpreterId} disabled={Boolean(busy)} aria-label={`Attribuer à ${c.name}`}>Attribuer</Button>
          </li>
        ))}
      </ol>
    </section>
  );
}
