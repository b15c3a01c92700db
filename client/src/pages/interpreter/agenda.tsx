import { useEffect, useState } from 'preact/hooks';
import { completeBody } from 'virtual:validators';
import { bookedMinutes, exchangeSentence } from '../../../../shared/exchange';
import { type ApiError, get, post, query } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { Alert, Button, Empty, Field, NoticeArea, StatusBadge, useNotice } from '../../components/ui';
import { duration, euros, inZone, modalityLabel, OUTCOME_LABELS, paris, specialtyLabel, time, ZONE, zoneNote } from '../../format';
import { languageName } from '../../languages';
import { CallPanel } from '../../components/call-panel';
import { useLiveEvent, useReconnect } from '../../live';
import type { RequestView } from '../../types';
import { DateTime } from 'luxon';
import { KnowsPatientButton, PROBLEM_LABELS, ProblemButton, WithdrawButton } from './session-actions';

type Span = 'day' | 'week';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function range(anchor: DateTime, span: Span): { from: DateTime; to: DateTime } {
  const from = span === 'day' ? anchor.startOf('day') : anchor.startOf('week');
  return { from, to: from.plus(span === 'day' ? { days: 1 } : { weeks: 1 }) };
}

export function AgendaPage() {
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState(() => DateTime.now().setZone(ZONE).setLocale('fr').startOf('day'));
  const [sessions, setSessions] = useState<RequestView[]>();
  const [failure, setFailure] = useState<string>();
  const { notice, show } = useNotice();
  const { from, to } = range(anchor, span);

  const load = () =>
    get<RequestView[]>(`/api/requests${query({ from: from.toUTC().toISO()!, to: to.toUTC().toISO()!, limit: 500 })}`)
      .then((list) => setSessions(list.sort((a, b) => a.start.localeCompare(b.start))), (e: ApiError) => setFailure(e.message));
  useEffect(() => void load(), [from.toISO(), to.toISO()]);
  useReconnect(load);
  useLiveEvent<RequestView>('request:updated', () => void load());

  const days: DateTime[] = [];
  for (let day = from; day < to; day = day.plus({ days: 1 })) days.push(day);
  const step = span === 'day' ? { days: 1 } : { weeks: 1 };
  const title = span === 'day' ? capitalise(from.toFormat('cccc d LLLL yyyy')) : `Semaine du ${from.toFormat('d LLLL')} au ${to.minus({ days: 1 }).toFormat('d LLLL yyyy')}`;

  return (
    <section aria-labelledby="agenda-title" class="page">
      <h1 id="agenda-title">Mon agenda</h1>
      <div class="toolbar" role="group" aria-label="Période affichée">
        <Button variant="secondary" onClick={() => setAnchor(anchor.minus(step))}>{span === 'day' ? 'Jour précédent' : 'Semaine précédente'}</Button>
        <Button variant="secondary" onClick={() => setAnchor(DateTime.now().setZone(ZONE).setLocale('fr').startOf('day'))}>Aujourd’hui</Button>
        <Button variant="secondary" onClick={() => setAnchor(anchor.plus(step))}>{span === 'day' ? 'Jour suivant' : 'Semaine suivante'}</Button>
        <label class="choice"><input type="radio" name="span" checked={span === 'day'} onChange={() => setSpan('day')} />Jour</label>
        <label class="choice"><input type="radio" name="span" checked={span === 'week'} onChange={() => setSpan('week')} />Semaine</label>
      </div>
      <h2 aria-live="polite">{title}</h2>
      <NoticeArea notice={notice} />
      {failure && <Alert>{failure}</Alert>}
      {!sessions && !failure && <p role="status">Chargement…</p>}
      {sessions && sessions.length === 0 && <Empty>Aucune séance sur cette période.</Empty>}
      {sessions && sessions.length > 0 && days.map((day) => {
        const ofDay = sessions.filter((s) => paris(s.start).hasSame(day, 'day'));
        if (ofDay.length === 0) return null;
        return (
          <section key={day.toISODate()} aria-label={day.toFormat('cccc d LLLL')} class="agenda-day">
            {span === 'week' && <h3>{capitalise(day.toFormat('cccc d LLLL'))}</h3>}
            <ul class="cards">
              {ofDay.map((s) => (
                <SessionCard
                  key={s.id}
                  session={s}
                  onChange={(updated) => setSessions((list) => list?.map((x) => (x.id === updated.id ? updated : x)))}
                  onWithdrawn={(late) => {
                    setSessions((list) => list?.filter((x) => x.id !== s.id));
                    show({ kind: 'info', text: `Désistement enregistré${late ? ' (tardif)' : ''} : ${languageName(s.language)}, ${inZone(s.start, s.timeZone).toFormat("cccc d LLLL 'à' HH'h'mm")}${zoneNote(s.timeZone)}. La séance est proposée à d’autres interprètes.` });
                  }}
                  onReported={(updated) => {
                    setSessions((list) => list?.map((x) => (x.id === updated.id ? updated : x)));
                    show({ kind: 'success', text: `Problème signalé à l’agence : ${PROBLEM_LABELS[updated.problem?.kind as keyof typeof PROBLEM_LABELS] ?? ''}.` });
                  }}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

interface CardProps {
  session: RequestView;
  onChange: (s: RequestView) => void;
  onWithdrawn: (late: boolean) => void;
  onReported: (s: RequestView) => void;
}

function SessionCard({ session: s, onChange, onWithdrawn, onReported }: CardProps) {
  const started = new Date(s.start).getTime() <= Date.now();
  // A call opens 10 minutes early: once it has measured the session, it can be recorded before the booked start.
  const recordable = started || (s.call?.measuredSeconds ?? 0) > 0;
  return (
    <li class="card" data-request-id={s.id}>
      <div class="card-head">
        <h4>{time(s.start, s.timeZone)} – {time(s.end, s.timeZone)}{zoneNote(s.timeZone)} · {languageName(s.language)}</h4>
        <StatusBadge status={s.status} />
      </div>
      {s.timeZone !== ZONE && <p class="muted">Soit {time(s.start)} – {time(s.end)} heure de Paris.</p>}
      <p>{modalityLabel(s.modality)} · {duration(s.durationMinutes)}{s.specialty ? ` · ${specialtyLabel(s.specialty)}` : ''}</p>
      {exchangeSentence(s) && <p data-testid="exchange">{exchangeSentence(s)}</p>}
      {s.structureName && <p>Pour : <strong>{s.structureName}</strong>{s.requesterName ? `, ${s.requesterName}` : ''}</p>}
      {s.location && <p>Adresse : {s.location.address} ({s.location.department})</p>}
      <CallPanel request={s} who="interpreter" />
      {s.status === 'completed' && s.completion && <p class="muted">{OUTCOME_LABELS[s.completion.outcome ?? '']} · {duration(s.completion.actualMinutes ?? 0)}{s.costCents !== undefined ? ` · ${euros(s.costCents)}` : ''}</p>}
      {s.status === 'assigned' && !started && s.reconfirmedAt === null && <Reconfirm session={s} onDone={onChange} />}
      {s.status === 'assigned' && !started && s.reconfirmedAt && <p class="muted" data-testid="reconfirmed">{s.call ? 'Présence confirmée.' : 'Venue confirmée.'}</p>}
      {s.status === 'assigned' && (recordable ? <CompleteForm session={s} onDone={onChange} /> : <p class="muted">À enregistrer après la séance.</p>)}
      {s.problem && <p class="muted" data-testid="problem">Problème signalé : {PROBLEM_LABELS[s.problem.kind as keyof typeof PROBLEM_LABELS] ?? s.problem.kind}{s.problem.comment ? ` (« ${s.problem.comment} »)` : ''}.</p>}
      {(s.status === 'assigned' || s.status === 'completed') && (
        <div class="actions">
          {s.status === 'assigned' && !started && <WithdrawButton session={s} onWithdrawn={onWithdrawn} />}
          {s.status === 'assigned' && !started && (
            <KnowsPatientButton
              what={`Séance ${languageName(s.language)}, ${inZone(s.start, s.timeZone).toFormat("cccc d LLLL 'à' HH'h'mm")}${zoneNote(s.timeZone)}`}
              step={() => post(`/api/requests/${s.id}/withdraw`, { reason: 'Connaît la personne', knowsPatient: true })}
              onDone={() => onWithdrawn(false)}
            />
          )}
          <ProblemButton session={s} onReported={onReported} />
        </div>
      )}
    </li>
  );
}

/** The day before, one click says the interpreter will come; until then the agency may be alerted. */
function Reconfirm({ session, onDone }: { session: RequestView; onDone: (s: RequestView) => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const send = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await post<RequestView>(`/api/requests/${session.id}/reconfirm`));
    } catch (error) {
      setFailure((error as ApiError).message ?? 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="reconfirm">
      {failure && <Alert>{failure}</Alert>}
      {session.atRisk && <p class="field-error">L’agence attend votre confirmation.</p>}
      <Button onClick={() => void send()} busy={busy}>{session.call ? 'Je confirme ma présence' : 'Je confirme ma venue'}</Button>
    </div>
  );
}

function CompleteForm({ session, onDone }: { session: RequestView; onDone: (s: RequestView) => void }) {
  // In the platform's call, the measured time is what can be billed; the callback number is the way out when the call failed.
  const measured = session.call ? Math.ceil(session.call.measuredSeconds / 60) : undefined;
  // Declared minutes cover the exchanges before and after, as they are billed (server/billing/charges.ts).
  const [minutes, setMinutes] = useState(measured ?? bookedMinutes(session));
  // Untouched, a call's minutes are left to the server, which bills what the call measured up to now (a tab left open would show an older figure).
  const [typed, setTyped] = useState(false);
  const [outcome, setOutcome] = useState<'done' | 'patient_no_show'>('done');
  const [byCallback, setByCallback] = useState(false);
  const { errors, failure, busy, submit: send } = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    const measuredByServer = measured !== undefined && !byCallback && !typed && outcome === 'done';
    const body = { ...(measuredByServer ? {} : { actualMinutes: outcome === 'patient_no_show' ? 0 : minutes }), outcome, ...(byCallback ? { heldByCallback: true } : {}) };
    void send(completeBody, body, async () => onDone(await post<RequestView>(`/api/requests/${session.id}/complete`, body)));
  };
  return (
    <form onSubmit={submit} noValidate class="complete-form" aria-label="Enregistrer la séance">
      {failure && <Alert>{failure}</Alert>}
      <fieldset>
        <legend>Déroulement</legend>
        <div class="choices">
          {(['done', 'patient_no_show'] as const).map((o) => (
            <label key={o} class="choice">
              <input type="radio" name={`outcome-${session.id}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              <span>{OUTCOME_LABELS[o]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {measured !== undefined && (
        <label class="choice">
          <input type="checkbox" checked={byCallback} onChange={(e) => { setByCallback(e.currentTarget.checked); if (!e.currentTarget.checked) setMinutes(measured); }} />
          L’appel n’a pas pu se faire dans la plateforme : j’ai appelé le numéro de rappel
        </label>
      )}
      {outcome === 'done' && (
        <Field label="Minutes réellement interprétées" error={errors.actualMinutes} hint={measured !== undefined && !byCallback ? `Mesurées par l’appel jusqu’ici : ${measured} min au plus (chaque minute commencée compte). Sans changement, la durée mesurée à l’enregistrement est retenue.` : exchangeSentence(session) ? 'Temps d’échange avant et après compris.' : undefined}>
          {({ id, describedBy, invalid }) => <input id={id} type="number" min={0} max={measured !== undefined && !byCallback ? measured : 720} class="narrow" value={minutes} onInput={(e) => { setMinutes(e.currentTarget.valueAsNumber); setTyped(true); }} aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
      )}
      <Button type="submit" busy={busy}>Enregistrer</Button>
    </form>
  );
}
