import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { cancelBody } from 'virtual:validators';
import { ApiError, get, post, query } from '../../api';
import { Alert, Button, Dialog, Empty, Field, NoticeArea, StatusBadge, useNotice } from '../../components/ui';
import { useSubmit } from '../../components/use-submit';
import { callbackNote, dateTime, duration, euros, modalityLabel, OUTCOME_LABELS, specialtyLabel } from '../../format';
import { languageName } from '../../languages';
import { useLiveEvent, useReconnect } from '../../live';
import { navigate, useRoute } from '../../router';
import type { RequestView } from '../../types';
import { coverageAdvice } from '../../../../shared/coverage-advice';
import { VerificationPanel } from './verification';
import { gapSentence } from './coverage-hint';
import { exchangeSentence } from '../../../../shared/exchange';
import { CallPanel, joinHref } from '../../components/call-panel';
import type { Modality } from '../../../../shared/enums';

const UPCOMING = new Set(['open', 'assigned']);
/** Past requests come a page at a time, newest first: a PASS books thousands a year. */
const PAST_PAGE = 20;

export function MyRequestsPage() {
  const { params } = useRoute();
  const [requests, setRequests] = useState<RequestView[]>();
  const [failure, setFailure] = useState<string>();
  const [cancelling, setCancelling] = useState<RequestView>();
  // "Demande envoyée" (SentNotice, with a series' gaps) is the page's first notice: the interpreter's acceptance replaces it, as any later one.
  const { notice, show } = useNotice();
  const setNotice = (text: string) => show({ kind: 'info', text });
  const [joinNow, setJoinNow] = useState<RequestView>();

  const [morePast, setMorePast] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const load = () => Promise.all([
    get<RequestView[]>(`/api/requests${query({ status: 'open', limit: 1000 })}`),
    get<RequestView[]>(`/api/requests${query({ status: 'assigned', limit: 1000 })}`),
    get<RequestView[]>(`/api/requests${query({ limit: PAST_PAGE })}`),
  ]).then(([open, assigned, newest]) => {
    const upcomingIds = new Set([...open, ...assigned].map((r) => r.id));
    setRequests([...open, ...assigned, ...newest.filter((r) => !upcomingIds.has(r.id))]);
    setMorePast(newest.length === PAST_PAGE);
  }, (e: ApiError) => setFailure(e.message));
  const loadOlder = async () => {
    const oldest = (requests ?? []).filter((r) => !UPCOMING.has(r.status)).reduce<string | undefined>((min, r) => (min === undefined || r.id < min ? r.id : min), undefined);
    setLoadingMore(true);
    try {
      const older = await get<RequestView[]>(`/api/requests${query({ limit: PAST_PAGE, ...(oldest ? { before: oldest } : {}) })}`);
      setRequests((list) => {
        const known = new Set((list ?? []).map((r) => r.id));
        return [...(list ?? []), ...older.filter((r) => !known.has(r.id))];
      });
      setMorePast(older.length === PAST_PAGE);
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : 'Erreur inattendue.');
    } finally {
      setLoadingMore(false);
    }
  };
  useEffect(() => void load(), []);
  useReconnect(load);
  useLiveEvent<RequestView>('request:updated', (updated) => {
    const before = requests?.find((r) => r.id === updated.id);
    setRequests((list) => {
      if (!list) return list;
      const index = list.findIndex((r) => r.id === updated.id);
      if (index === -1) return [updated, ...list];
      const next = list.slice();
      next[index] = updated;
      return next;
    });
    // Each change of a request replaces the notice: it never contradicts the card below it.
    const what = `la demande en ${languageName(updated.language).toLowerCase()} du ${dateTime(updated.start, updated.timeZone)}`;
    if (updated.status === 'assigned' && updated.interpreter && before?.status !== 'assigned') {
      setNotice(`${updated.interpreter.name} a accepté ${what}.`);
      // A "now" call: the interpreter is already in it; one tap joins.
      setJoinNow(updated.immediate && updated.call ? updated : undefined);
    } else if (updated.status === 'open' && before?.status === 'assigned') {
      setNotice(`L’interprète s’est désisté·e de ${what} : nous cherchons un·e autre interprète.`);
      setJoinNow(undefined);
    } else if (updated.status === 'unfilled' && before?.status !== 'unfilled') {
      setNotice(`Aucun·e interprète n’a pu être trouvé·e pour ${what} : ce qui reste possible est indiqué sur sa carte.`);
      setJoinNow(undefined);
    }
  });

  const highlighted = params.get('id');
  const upcoming = (requests ?? []).filter((r) => UPCOMING.has(r.status)).sort((a, b) => a.start.localeCompare(b.start));
  const past = (requests ?? []).filter((r) => !UPCOMING.has(r.status)).sort((a, b) => b.start.localeCompare(a.start));
  const sent = params.get('nouvelle') ? requests?.find((r) => r.id === highlighted) : undefined;
  // "Demande envoyée : nous cherchons" only while it is sought (a series: while one of its sessions is).
  const stillSought = !sent || sent.status === 'open' || (sent.seriesId !== undefined && (requests ?? []).some((r) => r.seriesId === sent.seriesId && r.status === 'open'));
  const listed = (list: RequestView[], card: (r: RequestView) => JSX.Element) => bySeries(list).map((group) => (group.length === 1 && !group[0]!.seriesId
    ? card(group[0]!)
    : <SeriesGroup key={group[0]!.seriesId} sessions={group} card={card} />));

  return (
    <section aria-labelledby="requests-title" class="page">
      <h1 id="requests-title">Mes demandes</h1>
      <NoticeArea notice={notice}>
        {params.get('nouvelle') && !notice && stillSought && <SentNotice sent={sent} requests={requests ?? []} />}
        {joinNow?.call && <p class="join-now"><a class="button button--primary" href={joinHref(joinNow)}>Rejoindre l’appel</a></p>}
      </NoticeArea>
      {failure && <Alert>{failure}</Alert>}
      {!requests && !failure && <p role="status">Chargement…</p>}
      <h2>À venir</h2>
      {requests && upcoming.length === 0 && <Empty>Aucune demande à venir. <a href="#/reserver">Réserver un·e interprète</a></Empty>}
      <ul class="cards" aria-label="Demandes à venir">
        {listed(upcoming, (r) => <RequestCard key={r.id} request={r} highlighted={r.id === highlighted} onCancel={() => setCancelling(r)} callInNotice={joinNow?.id === r.id} />)}
      </ul>
      <h2>Passées et annulées</h2>
      {requests && past.length === 0 && <Empty>Aucune demande passée.</Empty>}
      <ul class="cards" aria-label="Demandes passées">
        {listed(past, (r) => <RequestCard key={r.id} request={r} highlighted={r.id === highlighted} onChange={(updated) => setRequests((list) => list?.map((x) => (x.id === updated.id ? updated : x)))} />)}
      </ul>
      {morePast && <Button variant="secondary" busy={loadingMore} onClick={() => void loadOlder()}>Afficher des demandes plus anciennes</Button>}
      <CancelDialog
        request={cancelling}
        onClose={() => setCancelling(undefined)}
        onCancelled={(updated) => {
          setRequests((list) => list?.map((r) => (r.id === updated.id ? updated : r)));
          setCancelling(undefined);
          setNotice(updated.cancellationFeeCents ? `Demande annulée. Frais d’annulation : ${euros(updated.cancellationFeeCents)}.` : 'Demande annulée, sans frais.');
        }}
      />
    </section>
  );
}

/** The sessions of a series together, where its first listed session stands; other requests alone. */
function bySeries(list: RequestView[]): RequestView[][] {
  const groups = new Map<string, RequestView[]>();
  for (const r of list) {
    const key = r.seriesId ?? r.id;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

const seriesSize = (sessions: RequestView[]) => sessions[0]?.seriesSize ?? Math.max(...sessions.map((r) => r.occurrence ?? 1));

/** "Série de 6 · séance 3/6" (a series booked before its size was kept: "Séance 3"). */
const seriesPosition = (r: RequestView) => (r.seriesSize ? `Série de ${r.seriesSize} · séance ${r.occurrence}/${r.seriesSize}` : `Séance ${r.occurrence}`);

function SeriesGroup({ sessions, card }: { sessions: RequestView[]; card: (r: RequestView) => JSX.Element }) {
  const first = sessions[0]!;
  const title = `Série de ${seriesSize(sessions)} · ${languageName(first.language)} · ${modalityLabel(first.modality)}`;
  return (
    <li class="series" data-series-id={first.seriesId}>
      <h3>{title}</h3>
      <ul class="cards" aria-label={title}>{sessions.map(card)}</ul>
    </li>
  );
}

/**
 * Said at once after sending: that the search has started and, for the sessions nobody can take (a
 * series' gaps, or the request itself), which they are and what would work instead.
 */
function SentNotice({ sent, requests }: { sent: RequestView | undefined; requests: RequestView[] }) {
  const sessions = sent?.seriesId ? requests.filter((r) => r.seriesId === sent.seriesId) : [];
  const gaps = sessions.filter((r) => r.uncovered && r.status === 'open').sort((a, b) => (a.occurrence ?? 1) - (b.occurrence ?? 1));
  const size = seriesSize(sessions);
  const head = `Demande envoyée : série de ${size} séances.`;
  // A single request nobody can take says so, with what would work, on its own card.
  if (gaps.length === 0) {
    return <Alert kind="success">{sessions.length > 0 ? `${head} Nous cherchons un·e interprète pour chacune.` : 'Demande envoyée : nous cherchons un·e interprète.'} Cette page se met à jour toute seule.</Alert>;
  }
  return (
    <Alert kind="info">
      <p>{head} {gaps.length === 1 ? 'Personne ne peut assurer pour l’instant cette séance' : `Personne ne peut assurer pour l’instant ces ${gaps.length} séances`} ; toutes les agences sont prévenues :</p>
      <ul data-testid="series-gaps">{gaps.map((r) => <li key={r.id}>{gapSentence(r.modality, { occurrence: r.occurrence ?? 1, start: r.start, alternatives: r.alternatives }, size, r.timeZone)}</li>)}</ul>
      {sessions.length > gaps.length && <p>Pour les autres séances, nous cherchons un·e interprète.</p>}
    </Alert>
  );
}

function RequestCard({ request: r, highlighted, onCancel, onChange, callInNotice }: { request: RequestView; highlighted: boolean; onCancel?: () => void; onChange?: (r: RequestView) => void; callInNotice?: boolean }) {
  return (
    <li class={`card${highlighted ? ' card--highlighted' : ''}`} data-request-id={r.id} aria-label={`Demande en ${languageName(r.language)} du ${dateTime(r.start, r.timeZone)}`}>
      <div class="card-head">
        <h3>{r.seriesId ? seriesPosition(r) : `${languageName(r.language)} · ${modalityLabel(r.modality)}`}</h3>
        <StatusBadge status={r.status} />
      </div>
      <p>{r.immediate ? `Immédiate, demandée le ${dateTime(r.start, r.timeZone)}` : dateTime(r.start, r.timeZone)} · {duration(r.durationMinutes)}{r.specialty ? ` · ${specialtyLabel(r.specialty)}` : ''}</p>
      {exchangeSentence(r) && <p data-testid="exchange">{exchangeSentence(r)}</p>}
      {r.patientRef && <p class="muted">Réf. patient : {r.patientRef}</p>}
      {r.notes && <p class="muted notes">Notes : {r.notes}</p>}
      {r.interpreter && (
        <div class="connection" data-testid="connection">
          <p>Interprète : <strong>{r.interpreter.name}</strong></p>
          {r.connection?.kind === 'onsite' && <p>Sur place : {r.connection.address}</p>}
          {!callInNotice && <CallPanel request={r} who="structure" />}
        </div>
      )}
      {r.status === 'cancelled' && <p class="muted">Annulée{r.cancellationFeeCents ? `, frais ${euros(r.cancellationFeeCents)}` : ', sans frais'}.</p>}
      {r.status === 'completed' && r.completion && <p class="muted">{OUTCOME_LABELS[r.completion.outcome ?? ''] ?? r.completion.outcome} · {duration(r.completion.actualMinutes ?? 0)}{r.costCents !== undefined ? ` · ${euros(r.costCents)}` : ''}</p>}
      {r.status === 'completed' && callbackNote(r) && <p class="muted" data-testid="callback-note">{callbackNote(r)}</p>}
      {r.status === 'completed' && onChange && <VerificationPanel request={r} onChange={onChange} />}
      {r.uncovered && (r.status === 'open' || r.status === 'unfilled') && <p class="coverage coverage--none" data-testid="uncovered-advice">{coverageAdvice(r.modality as Modality, r.alternatives, r.status === 'unfilled', r.timeZone)}</p>}
      {r.status === 'unfilled' && !r.uncovered && <p class="muted">Aucun·e interprète n’a pu être trouvé·e. Vous pouvez redemander, à un autre moment ou dans une autre modalité.</p>}
      <div class="actions">
        {onCancel && <Button variant="danger" onClick={onCancel}>Annuler…</Button>}
        <Button variant="secondary" onClick={() => navigate('/reserver', { depuis: r.id })}>Réserver à nouveau</Button>
      </div>
    </li>
  );
}

function CancelDialog({ request, onClose, onCancelled }: { request: RequestView | undefined; onClose: () => void; onCancelled: (r: RequestView) => void }) {
  const [quote, setQuote] = useState<{ feeCents: number; minutesBeforeStart: number }>();
  const [reason, setReason] = useState('');
  const [following, setFollowing] = useState(false);
  const { errors, failure, busy, submit, reset, setFailure } = useSubmit();

  useEffect(() => {
    setQuote(undefined);
    setReason('');
    setFollowing(false);
    reset();
    if (request) get<{ feeCents: number; minutesBeforeStart: number }>(`/api/requests/${request.id}/cancellation-quote`).then(setQuote, (e: ApiError) => setFailure(e.message));
  }, [request?.id]);

  const confirm = (event: Event) => {
    event.preventDefault();
    if (!request) return;
    const body = { reason: reason.trim(), ...(following ? { scope: 'following' } : {}) };
    void submit(cancelBody, body, async () => onCancelled(await post<RequestView>(`/api/requests/${request.id}/cancel`, body)));
  };

  return (
    <Dialog title="Annuler la demande" open={Boolean(request)} onClose={onClose}>
      {request && (
        <form onSubmit={confirm} noValidate class="stack">
          <p>{languageName(request.language)}, {dateTime(request.start, request.timeZone)}.</p>
          {!quote && !failure && <p role="status">Calcul des frais…</p>}
          {quote && (
            <p class={quote.feeCents > 0 ? 'fee fee--due' : 'fee'} data-testid="cancellation-fee" role="status">
              {quote.feeCents > 0
                ? `Annulation tardive (moins de 24 h avant) : ${euros(quote.feeCents)} seront facturés à votre structure.`
                : 'Annulation sans frais.'}
            </p>
          )}
          {failure && <Alert>{failure}</Alert>}
          <Field label="Motif" error={errors.reason}>
            {({ id, describedBy, invalid }) => <textarea id={id} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          {request.seriesId && (
            <label class="choice">
              <input type="checkbox" checked={following} onChange={(e) => setFollowing(e.currentTarget.checked)} />
              Annuler aussi les séances suivantes de la série (au moins une semaine plus tard : sans frais)
            </label>
          )}
          <div class="actions">
            <Button type="submit" variant="danger" busy={busy} disabled={!quote}>Confirmer l’annulation</Button>
            <Button variant="secondary" onClick={onClose}>Garder la demande</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
