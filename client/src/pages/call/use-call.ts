import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { Participant, ParticipantRole } from '../../../../shared/call-protocol';
import { fitStream } from '../../call/devices';
import { askToJoin, startCall, type Call, type EndReason, type Modality, type NetworkQuality } from '../../call/media';
import { BACK, callErrorText, cameraProblemText, joinedText, leftText, LOST, retryable } from './texts';

/** `asking`: the server says whether this person may join, before any device opens; `check`: the devices. */
export type Phase = 'asking' | 'check' | 'joining' | 'call' | 'after' | 'refused';

export interface CallState {
  phase: Phase;
  me?: { id: string; role: ParticipantRole };
  modality?: Modality;
  /** The other members, in the order they came, with their microphone and camera. */
  members: Participant[];
  /** Someone else was in the call with this page at some point (alone then means the others left). */
  metSomeone: boolean;
  streams: Record<string, MediaStream>;
  /** The members this browser has media connected with. */
  connected: string[];
  /** The server's measured seconds, when they came, and whether they are counting. */
  measured: { seconds: number; at: number; together: boolean };
  quality?: NetworkQuality;
  /** The live notice: each one replaces the previous. */
  notice?: string;
  error?: string;
  ended?: EndReason;
  local?: MediaStream;
  microphone: boolean;
  camera: boolean;
}

/** This tab is in the call of that request: a reload joins it again by itself (sessionStorage: this tab only). */
export const rejoinKey = (requestId: string) => `appel:${requestId}`;

const INITIAL: CallState = { phase: 'asking', members: [], metSomeone: false, streams: {}, connected: [], measured: { seconds: 0, at: 0, together: false }, microphone: true, camera: true };

/** The call page's state around one media Call: what the page shows, and the actions its buttons take. */
export function useCall(socket: Socket | undefined, requestId: string, guest: boolean) {
  const [state, setState] = useState<CallState>(INITIAL);
  const call = useRef<Call | undefined>(undefined);
  const update = (change: Partial<CallState> | ((s: CallState) => Partial<CallState>)) =>
    setState((s) => ({ ...s, ...(typeof change === 'function' ? change(s) : change) }));

  const join = (stream: MediaStream) => {
    if (!socket) return;
    call.current?.close();
    update((s) => ({ ...INITIAL, modality: s.modality, phase: 'joining' }));
    call.current = startCall({
      socket,
      requestId,
      localStream: async (modality) => {
        const fitted = await fitStream(stream, modality);
        update({ local: fitted.stream, ...(fitted.cameraProblem ? { notice: cameraProblemText(fitted.cameraProblem) } : {}) });
        return fitted.stream;
      },
      on: {
        joined: (m) => {
          sessionStorage.setItem(rejoinKey(requestId), 'en cours');
          update((s) => ({
          phase: 'call',
          me: { id: m.id, role: m.role },
          modality: m.modality,
          members: m.members.filter((p) => p.id !== m.id),
          metSomeone: s.metSomeone || m.members.some((p) => p.id !== m.id),
          measured: m.resumed ? s.measured : { seconds: m.measuredSeconds, at: Date.now(), together: false },
          error: undefined,
          }));
        },
        user: (kind, participant) => update((s) => {
          const others = s.members.filter((p) => p.id !== participant.id);
          return kind === 'add'
            ? { members: [...others, participant], metSomeone: true, notice: joinedText(participant.name) }
            : { members: others, notice: leftText(participant.name) };
        }),
        remote: (id, stream) => update((s) => {
          const streams = { ...s.streams };
          if (stream) streams[id] = stream;
          else delete streams[id];
          return { streams };
        }),
        media: (connected) => update({ connected }),
        devices: (id, devices) => update((s) => ({ members: s.members.map((p) => (p.id === id ? { ...p, ...devices } : p)) })),
        measured: (m) => update({ measured: { seconds: m.measuredSeconds, at: Date.now(), together: m.together } }),
        quality: (quality) => update({ quality }),
        connection: (change) => update({ notice: change === 'lost' ? LOST : BACK }),
        error: (m) => {
          if (m.error === 'not_joined' || m.error === 'invalid_message') {
            console.warn('call: the server refused a message', m);
            return;
          }
          // Each refusal ends this Call (a refused join never took the media: the device check keeps them).
          sessionStorage.removeItem(rejoinKey(requestId));
          call.current?.close();
          const text = callErrorText(m.error, guest, m.opensAt);
          update((s) => (s.phase === 'call' ? { phase: 'after', error: text, streams: {}, connected: [] } : { phase: retryable(m.error) ? 'check' : 'refused', error: text }));
        },
        ended: (reason) => {
          sessionStorage.removeItem(rejoinKey(requestId));
          update({ phase: 'after', ended: reason, streams: {}, connected: [] });
        },
        localFailed: () => update({ phase: 'refused', error: 'Le micro n’a pas pu être ouvert pour l’appel : rechargez la page.' }),
      },
    });
    call.current.join();
  };

  const hangUp = () => {
    sessionStorage.removeItem(rejoinKey(requestId));
    call.current?.hangUp();
    update({ phase: 'after', streams: {}, connected: [], notice: undefined });
  };

  const setMicrophone = (on: boolean) => {
    call.current?.setMicrophone(on);
    update({ microphone: on });
  };
  const setCamera = (on: boolean) => {
    call.current?.setCamera(on);
    update({ camera: on });
  };
  const sendQuality = (good: boolean) => call.current?.sendQuality(good);
  /** Back to the device check, after a hang-up by mistake. */
  const again = () => {
    call.current?.close();
    call.current = undefined;
    setState(INITIAL);
  };

  useEffect(() => {
    if (!socket || !requestId || state.phase !== 'asking') return undefined;
    return askToJoin(socket, requestId, (answer) => {
      if (answer.type === 'allowed') return update({ phase: 'check', modality: answer.modality });
      // A server that does not know `check` yet: its answer to the join will tell.
      if (answer.error === 'invalid_message') return update({ phase: 'check' });
      update({ phase: retryable(answer.error) ? 'check' : 'refused', error: callErrorText(answer.error, guest, answer.opensAt) });
    });
  }, [socket, requestId, state.phase]);

  useEffect(() => {
    // Closing the tab or reloading it leaves the call at once, instead of after the server's silence timeout.
    const leave = () => call.current?.hangUp();
    addEventListener('pagehide', leave);
    return () => {
      removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  return { state, join, hangUp, setMicrophone, setCamera, sendQuality, again };
}
