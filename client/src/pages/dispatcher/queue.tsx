import { useEffect, useState } from 'preact/hooks';
import { exchangeSentence } from '../../../../shared/exchange';
import { ApiError, get, post, query } from '../../api';
import { Alert, Button, Empty, NoticeArea, StatusBadge, useNotice } from '../../components/ui';
import { dateTime, duration, modalityLabel, specialtyLabel } from '../../format';
import { languageName } from '../../languages';
import { useLiveEvent, useReconnect } from '../../live';
import type { RequestView } from '../../types';
import { Disputes } from './disputes';

interface Candidate {
  interpreterId: string;
  name: string;
  score: number;
  reasons: string[];
}
interface Unavailable {
  interpreterId: string;
  name: string;
  reasons: string[];
}

const REFRESH_MS = 30_000;

/** At-risk first, then the soonest: what a dispatcher must handle before anything else. */
function urgency(a: RequestView, b: RequestView): number {
  return Number(Boolean(b.atRisk)) - Number(Boolean(a.atRisk)) || a.start.localeCompare(b.start);
}

const describe = (r: RequestView) => `${languageName(r.language)} · ${modalityLabel(r.modality)}`;

/** Wide enough for the list and the candidates side by side (style.css `.split`). */
const SIDE_BY_SIDE = '(min-width: 60rem)';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

export function DispatchPage() {
  const [requests, setRequests] = useState<RequestView[]>();
  const [selected, setSelected] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const { notice, show } = useNotice();
  const setNotice = (text: string) => show({ kind: 'info', text });

  const load = async () => {
    try {
      // Requests to assign: a request given up (its time passed, or a "now" call nobody answered) is no longer one.
      const [open, assigned] = await Promise.all([
        get<RequestView[]>(`/api/requests${query({ status: 'open', limit: 500 })}`),
        get<RequestView[]>(`/api/requests${query({ status: 'assigned', from: new Date().toISOString(), limit: 500 })}`),
      ]);
      // Assigned sessions whose interpreter did not reconfirm are at risk too.
      setRequests([...open, ...assigned.filter((r) => r.atRisk)].sort(urgency));
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
    setNotice(`À risque : ${languageName(r.language)}, ${dateTime(r.start, r.timeZone)} n’a toujours pas d’interprète.`);
    void load();
  });
  useLiveEvent<RequestView>('request:uncovered', (r) => {
    setNotice(`Sans interprète possible : ${languageName(r.language)}, ${dateTime(r.start, r.timeZone)}. Toutes les agences sont prévenues.`);
    void load();
  });

  const current = requests?.find((r) => r.id === selected);
  // Side by side on a wide screen; on a phone the candidates open under the card tapped, not below the whole list.
  const sideBySide = useMediaQuery(SIDE_BY_SIDE);
  const onAssigned = (assigned: RequestView, name: string) => {
    setRequests((list) => list?.filter((r) => r.id !== assigned.id));
    setSelected(undefined);
    setNotice(`${name} est attribué·e à la demande en ${languageName(assigned.language).toLowerCase()} du ${dateTime(assigned.start, assigned.timeZone)}.`);
  };
  const candidates = current && current.status !== 'assigned' ? <Candidates request={current} onAssigned={onAssigned} /> : undefined;
  const uncovered = requests?.filter((r) => r.uncovered) ?? [];
  const ours = requests?.filter((r) => !r.uncovered) ?? [];
  const card = (r: RequestView) => (
    <li key={r.id} class={`card${r.atRisk || r.uncovered ? ' card--urgent' : ''}${r.id === selected ? ' card--highlighted' : ''}`} data-request-id={r.id}>
      <div class="card-head">
        <h3>{describe(r)}</h3>
        <StatusBadge status={r.status} atRisk={r.atRisk} />
      </div>
      <p>{dateTime(r.start, r.timeZone)} · {duration(r.durationMinutes)}{r.specialty ? ` · ${specialtyLabel(r.specialty)}` : ''}{r.department ? ` · département ${r.department}` : ''}</p>
      {exchangeSentence(r) && <p data-testid="exchange">{exchangeSentence(r)}</p>}
      {r.uncovered && <p data-testid="uncovered-for">Pour {r.structureName ?? 'une structure'}{r.seriesId ? ` · ${r.seriesSize ? `série de ${r.seriesSize}, séance ${r.occurrence}/${r.seriesSize}` : `séance ${r.occurrence}`}` : ''}</p>}
      {r.status === 'assigned' ? (
        <p class="field-error">{r.interpreter?.name ?? 'L’interprète'} n’a pas reconfirmé sa venue : appelez-le·la.</p>
      ) : (
        <Button variant="secondary" aria-expanded={r.id === selected} onClick={() => setSelected(r.id === selected ? undefined : r.id)}>
          {r.id === selected ? 'Masquer les interprètes' : 'Voir les interprètes'}
        </Button>
      )}
      {r.id === selected && !sideBySide && candidates}
    </li>
  );
  return (
    <section aria-labelledby="dispatch-title" class="page">
      <h1 id="dispatch-title">Demandes à pourvoir</h1>
      <NoticeArea notice={notice} />
      {failure && <Alert>{failure}</Alert>}
      {!requests && !failure && <p role="status">Chargement…</p>}
      {requests && requests.length === 0 && <Empty>Aucune demande en attente pour votre agence.</Empty>}
      <div class="split">
        <div>
          {uncovered.length > 0 && (
            <section aria-labelledby="uncovered-title" class="uncovered">
              <h2 id="uncovered-title">Sans interprète possible ({uncovered.length})</h2>
              <p class="hint">Personne ne peut les assurer par la plateforme : toutes les agences les voient. Une disponibilité ajoutée ou un appel peut tout changer.</p>
              <ul class="cards" aria-label="Demandes sans interprète possible">{uncovered.map(card)}</ul>
            </section>
          )}
          {ours.length > 0 && (
            <section aria-labelledby="ours-title">
              <h2 id="ours-title">Demandes de l’agence</h2>
              <ul class="cards" aria-label="Demandes sans interprète">{ours.map(card)}</ul>
            </section>
          )}
        </div>
        {sideBySide && candidates}
      </div>
      <Disputes />
    </section>
  );
}

function Candidates({ request, onAssigned }: { request: RequestView; onAssigned: (r: RequestView, name: string) => void }) {
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [unavailable, setUnavailable] = useState<Unavailable[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState<string>();
  useEffect(() => {
    setCandidates(undefined);
    setUnavailable([]);
    setFailure(undefined);
    get<{ candidates: Candidate[]; unavailable: Unavailable[] }>(`/api/requests/${request.id}/candidates`).then((answer) => {
      setCandidates(answer.candidates);
      setUnavailable(answer.unavailable);
    }, (e: ApiError) => setFailure(e.message));
  }, [request.id]);

  const assign = async (candidate: Candidate) => {
    setBusy(candidate.interpreterId);
    setFailure(undefined);
    try {
      onAssigned(await post<RequestView>(`/api/requests/${request.id}/assign`, { interpreterId: candidate.interpreterId }), candidate.name);
    } catch (error) {
      // not_eligible says why in its details (the dispatcher's own words: "Absente du 14 au 18 décembre").
      // The shared message for interpreter_busy speaks to the interpreter; here it is about them, and says whether travel is the reason.
      if (error instanceof ApiError && error.code === 'interpreter_busy') {
        const travel = error.details.some((d) => d.code === 'travel');
        setFailure(travel ? `${candidate.name} a une séance sur place juste avant ou après : pas le temps du trajet.` : `${candidate.name} a déjà une séance sur ce créneau.`);
      } else {
        setFailure(error instanceof ApiError ? [error.message, ...error.details.map((d) => `${d.message}.`)].join(' ') : 'Erreur inattendue.');
      }
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
      {unavailable.length > 0 && (
        <>
          <h3>Interprètes de l’agence qui ne peuvent pas la prendre</h3>
          <ul class="candidates" aria-label="Interprètes indisponibles et pourquoi">
            {unavailable.map((u) => (
              <li key={u.interpreterId} class="candidate candidate--unavailable">
                <div>
                  <strong>{u.name}</strong>
                  <ul class="reasons">{u.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
