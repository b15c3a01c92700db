import { useEffect, useState } from 'preact/hooks';
import type { Participant } from '../../../../shared/call-protocol';
import { Button } from '../../components/ui';
import { MediaView } from './media-view';
import { clock, roleNote, ROLE_LABELS } from './texts';
import type { CallState } from './use-call';

interface Props {
  state: CallState;
  onMicrophone: (on: boolean) => void;
  onCamera: (on: boolean) => void;
  onHangUp: () => void;
}

/** The call itself: who is there, their pictures or sound, the measured time, the network, the buttons. */
export function InCall({ state, onMicrophone, onCamera, onHangUp }: Props) {
  const video = state.modality === 'video';
  const camera = video && (state.local?.getVideoTracks().length ?? 0) > 0;
  const seconds = useMeasuredSeconds(state.measured);
  const known = new Set(state.members.map((m) => m.id));
  return (
    <section aria-label="Appel en cours" class="call-live">
      <div class="call-bar">
        <p class="call-timer">Durée : <span role="timer">{clock(seconds)}</span></p>
        {state.quality && <p class={`call-network call-network--${state.quality}`}>Réseau : {state.quality}</p>}
      </div>
      <p class="call-notice" role="status" aria-live="polite" aria-atomic="true">{state.notice ?? ''}</p>
      <ul class={video ? 'call-tiles' : 'call-people'} aria-label="Participant·es">
        <li class="call-member call-member--me">
          {camera && state.local && (
            <div class="call-picture">
              <MediaView stream={state.local} kind="video" muted label="Votre image" />
              {!state.camera && <p class="call-picture-off">Caméra coupée</p>}
            </div>
          )}
          <p class="call-name">Vous</p>
          <p class="call-state">{[state.me ? ROLE_LABELS[state.me.role] : undefined, state.microphone ? undefined : 'micro coupé'].filter(Boolean).join(' · ')}</p>
        </li>
        {state.members.map((member) => (
          <Member key={member.id} member={member} video={video} stream={state.streams[member.id]} connected={state.connected.includes(member.id)} />
        ))}
      </ul>
      {state.members.length === 0 && <p class="muted">Vous êtes seul·e dans l’appel pour l’instant : les autres participant·es vont arriver.</p>}
      {Object.entries(state.streams).filter(([id]) => !known.has(id)).map(([id, stream]) => <MediaView key={id} stream={stream} kind="audio" />)}
      <div class="call-controls" role="group" aria-label="Commandes de l’appel">
        <Button variant="secondary" onClick={() => onMicrophone(!state.microphone)}>{state.microphone ? 'Couper le micro' : 'Réactiver le micro'}</Button>
        {camera && <Button variant="secondary" onClick={() => onCamera(!state.camera)}>{state.camera ? 'Couper la caméra' : 'Activer la caméra'}</Button>}
        <Button variant="danger" onClick={onHangUp}>Raccrocher</Button>
      </div>
    </section>
  );
}

function Member({ member, video, stream, connected }: { member: Participant; video: boolean; stream: MediaStream | undefined; connected: boolean }) {
  const state = [roleNote(member.name, member.role), connected ? 'connecté·e' : 'connexion en cours…'].filter(Boolean).join(' · ');
  return (
    <li class="call-member" data-member-id={member.id}>
      {video && (
        <div class="call-picture">
          {stream ? <MediaView stream={stream} kind="video" label={`Image de ${member.name}`} /> : <p class="call-picture-off">Connexion…</p>}
        </div>
      )}
      {!video && stream && <MediaView stream={stream} kind="audio" />}
      <p class="call-name">{member.name}</p>
      <p class="call-state">{state.charAt(0).toUpperCase() + state.slice(1)}</p>
    </li>
  );
}

/** The server's measured seconds, counted on locally between its messages while they say it counts. */
function useMeasuredSeconds(measured: CallState['measured']): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return measured.seconds + (measured.together ? Math.max(0, now - measured.at) / 1000 : 0);
}
