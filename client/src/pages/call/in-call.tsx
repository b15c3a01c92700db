import { useEffect, useState } from 'preact/hooks';
import { MAX_PARTICIPANTS, type Participant } from '../../../../shared/call-protocol';
import { GuestLink } from '../../components/guest-link';
import { Button } from '../../components/ui';
import { MediaView } from './media-view';
import { aloneText, callErrorText, clock, memberState, ROLE_LABELS } from './texts';
import type { CallState } from './use-call';

interface Props {
  state: CallState;
  /** The session whose guest links this person may create (the structure's professionals). */
  inviteFor: string | undefined;
  onMicrophone: (on: boolean) => void;
  onCamera: (on: boolean) => void;
  onHangUp: () => void;
}

/** The call itself: who is there, their pictures or sound, the measured time, the network, the buttons. */
export function InCall({ state, inviteFor, onMicrophone, onCamera, onHangUp }: Props) {
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
      {state.members.length === 0 && <p class="muted">{aloneText(state.metSomeone)}</p>}
      {Object.entries(state.streams).filter(([id]) => !known.has(id)).map(([id, stream]) => <MediaView key={id} stream={stream} kind="audio" />)}
      <div class="call-controls" role="group" aria-label="Commandes de l’appel">
        <Button variant="secondary" onClick={() => onMicrophone(!state.microphone)}>{state.microphone ? 'Couper le micro' : 'Réactiver le micro'}</Button>
        {camera && <Button variant="secondary" onClick={() => onCamera(!state.camera)}>{state.camera ? 'Couper la caméra' : 'Activer la caméra'}</Button>}
        <Button variant="danger" onClick={onHangUp}>Raccrocher</Button>
      </div>
      {inviteFor && (
        <section aria-labelledby="invite-title" class="call-invite">
          <h2 id="invite-title">Inviter une personne</h2>
          {state.members.length + 1 >= MAX_PARTICIPANTS ? <p>{callErrorText('room_full', false)}</p> : <GuestLink requestId={inviteFor} />}
        </section>
      )}
    </section>
  );
}

function Member({ member, video, stream, connected }: { member: Participant; video: boolean; stream: MediaStream | undefined; connected: boolean }) {
  const cameraOff = video && member.camera === false;
  return (
    <li class="call-member" data-member-id={member.id}>
      {video && (
        <div class="call-picture">
          {/* A camera turned off still carries the member's sound: the picture is covered, not removed. */}
          {stream && <MediaView stream={stream} kind="video" label={`Image de ${member.name}`} />}
          {(!stream || cameraOff) && <p class="call-picture-off">{stream ? 'Caméra coupée' : 'Connexion…'}</p>}
        </div>
      )}
      {!video && stream && <MediaView stream={stream} kind="audio" />}
      <p class="call-name">{member.name}</p>
      <p class="call-state">{memberState(member, connected, video)}</p>
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
