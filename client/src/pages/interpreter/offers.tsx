import { useEffect, useRef, useState } from 'preact/hooks';
import { exchangeSentence } from '../../../../shared/exchange';
import { ApiError, get, post } from '../../api';
import { Button, Empty, NoticeArea, useNotice } from '../../components/ui';
import { answerBefore, dateTime, duration, modalityLabel, specialtyLabel } from '../../format';
import { languageName } from '../../languages';
import { navigate } from '../../router';
import { useLiveEvent, useReconnect } from '../../live';
import { PushDevice } from './push-device';
import { KnowsPatientButton } from './session-actions';

interface Offer {
  id: string;
  requestId: string;
  expiresAt: string;
  request: { language: string; modality: string; immediate?: boolean; start: string; timeZone?: string; durationMinutes: number; briefingMinutes?: number; debriefingMinutes?: number; specialty?: string; department?: string; structureName?: string; requesterName?: string };
}

const SOUND_KEY = 'offers.sound';

/** A short two-tone chime, made on the spot: no audio file to load, nothing to block. */
function chime(): void {
  try {
    const context = new AudioContext();
    [880, 660].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, context.currentTime + index * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + index * 0.18 + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + index * 0.18);
      oscillator.stop(context.currentTime + index * 0.18 + 0.17);
    });
    setTimeout(() => void context.close(), 600);
  } catch {
    // No audio on this device: the visible alert remains.
  }
}

const describe = (o: Offer) => `${languageName(o.request.language)}, ${modalityLabel(o.request.modality).toLowerCase()}, ${o.request.immediate ? 'maintenant' : dateTime(o.request.start, o.request.timeZone)}`;

export function OffersPage() {
  const [offers, setOffers] = useState<Offer[]>();
  // One notice at a time: a new offer, an answer, an offer withdrawn each replace the previous one.
  const { notice, show: setNotice } = useNotice();
  const alert = notice?.kind === 'offer';
  const [busy, setBusy] = useState<string>();
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const [, tick] = useState(0);
  const soundRef = useRef(sound);
  soundRef.current = sound;

  const load = () => get<Offer[]>('/api/offers').then(setOffers, (e: ApiError) => setNotice({ kind: 'error', text: e.message }));
  useEffect(() => void load(), []);
  useReconnect(load);
  // Expired offers leave the list on their own.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const base = 'Propositions · Interprétariat santé';
    document.title = alert ? `(!) ${base}` : base;
  }, [alert]);

  useLiveEvent<Offer>('offer:new', (offer) => {
    setOffers((list) => [offer, ...(list ?? []).filter((o) => o.id !== offer.id)]);
    setNotice({ kind: 'offer', text: `Nouvelle proposition : ${describe(offer)}.` });
    if (soundRef.current) chime();
    navigator.vibrate?.([200, 100, 200]);
  });
  // Accepted elsewhere (from a notification, on another device): the offer leaves this list too.
  useLiveEvent<{ id: string; status: string }>('request:updated', ({ id, status }) => {
    if (status !== 'open') setOffers((list) => list?.filter((o) => o.requestId !== id));
  });
  useLiveEvent<{ id: string }>('offer:withdrawn', ({ id }) => {
    setOffers((list) => {
      const gone = list?.find((o) => o.id === id);
      if (gone) setNotice({ kind: 'info', text: `Proposition retirée (pourvue ou annulée) : ${describe(gone)}.` });
      return list?.filter((o) => o.id !== id);
    });
  });

  const answer = async (offer: Offer, action: 'accept' | 'decline') => {
    setBusy(offer.id);
    try {
      await post(`/api/offers/${offer.id}/${action}`);
      // A "now" call: the interpreter who accepts goes straight into it.
      if (action === 'accept' && offer.request.immediate && offer.request.modality !== 'onsite') return navigate('/appel', { id: offer.requestId, direct: '1' });
      setNotice(action === 'accept'
        ? { kind: 'success', text: `Séance confirmée : ${describe(offer)}. Elle est dans votre agenda.` }
        : { kind: 'info', text: 'Proposition déclinée.' });
      setOffers((list) => list?.filter((o) => o.id !== offer.id));
    } catch (error) {
      setNotice({ kind: 'error', text: error instanceof ApiError ? error.message : 'Erreur inattendue.' });
      if (error instanceof ApiError && error.status === 409) setOffers((list) => list?.filter((o) => o.id !== offer.id));
    } finally {
      setBusy(undefined);
    }
  };

  const live = (offers ?? []).filter((o) => new Date(o.expiresAt).getTime() > Date.now());
  return (
    <section aria-labelledby="offers-title" class="page">
      <h1 id="offers-title">Propositions</h1>
      <label class="choice">
        <input type="checkbox" checked={sound} onChange={(e) => { setSound(e.currentTarget.checked); localStorage.setItem(SOUND_KEY, e.currentTarget.checked ? 'on' : 'off'); }} />
        Alerte sonore à chaque nouvelle proposition
      </label>
      <NoticeArea notice={notice} assertive />
      {!offers && <p role="status">Chargement…</p>}
      {offers && live.length === 0 && <Empty>Aucune proposition en ce moment. Gardez cette page ouverte : les nouvelles arrivent ici, avec une alerte.</Empty>}
      <ul class="cards" aria-label="Propositions en cours">
        {live.map((o) => (
          <li key={o.id} class={`card${o.request.immediate ? ' card--urgent' : ''}`} data-offer-id={o.id} data-request-id={o.requestId}>
            <div class="card-head">
              <h2>{languageName(o.request.language)} · {modalityLabel(o.request.modality)}</h2>
              {o.request.immediate && <span class="badge badge--urgent">Maintenant</span>}
            </div>
            <p>{o.request.immediate ? 'Appel immédiat' : dateTime(o.request.start, o.request.timeZone)} · {duration(o.request.durationMinutes)}{o.request.specialty ? ` · ${specialtyLabel(o.request.specialty)}` : ''}{o.request.department ? ` · département ${o.request.department}` : ''}</p>
            {exchangeSentence(o.request) && <p data-testid="exchange">{exchangeSentence(o.request)}</p>}
            {o.request.structureName && <p>Pour : <strong>{o.request.structureName}</strong>{o.request.requesterName ? `, ${o.request.requesterName}` : ''}</p>}
            <p class="muted">Répondre avant {answerBefore(o.expiresAt, undefined, o.request.timeZone)}</p>
            <div class="actions">
              <Button onClick={() => answer(o, 'accept')} busy={busy === o.id}>Accepter</Button>
              <Button variant="secondary" onClick={() => answer(o, 'decline')} disabled={busy === o.id}>Décliner</Button>
              <KnowsPatientButton
                what={`Proposition ${describe(o)}`}
                step={() => post(`/api/offers/${o.id}/decline`, { knowsPatient: true })}
                onDone={() => {
                  setOffers((list) => list?.filter((x) => x.id !== o.id));
                  setNotice({ kind: 'info', text: `Proposition retirée, vous connaissez la personne : ${describe(o)}. Elle est proposée à d’autres interprètes.` });
                }}
              />
            </div>
          </li>
        ))}
      </ul>
      <PushDevice />
    </section>
  );
}
