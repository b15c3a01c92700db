import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import { get } from '../../api';
import { DeviceError, openDevices, stopStream } from '../../call/devices';
import { Alert } from '../../components/ui';
import { dateTime, modalityLabel } from '../../format';
import { languageName } from '../../languages';
import { liveSocket } from '../../live';
import { useRoute } from '../../router';
import { SessionContext } from '../../session';
import type { RequestView } from '../../types';
import { AfterCall } from './after-call';
import { DeviceCheck, type Devices } from './device-check';
import { InCall } from './in-call';
import { rejoinKey, useCall } from './use-call';
import './call.css';

/** The request's fields the call page reads besides the view's usual ones (the server adds them for calls). */
type CallRequestView = RequestView & { callbackPhone?: string | undefined; structureName?: string | undefined };

/**
 * `#/appel?id=<requestId>`: a session's call for its interpreter and professionals (their live socket),
 * or with `&invitation=<token>` for a guest without an account (a socket of its own, opened with the token).
 */
export function CallPage() {
  const { params } = useRoute();
  const requestId = params.get('id') ?? '';
  const invitation = params.get('invitation') ?? undefined;
  const user = useContext(SessionContext)?.user;
  const guest = invitation !== undefined;
  const [socket, setSocket] = useState<Socket>();
  const [refusedLink, setRefusedLink] = useState(false);
  const [request, setRequest] = useState<CallRequestView>();
  const [devices, setDevices] = useState<Devices>({ status: 'idle' });
  const stream = useRef<MediaStream | undefined>(undefined);
  const { state, join, hangUp, setMicrophone, setCamera, sendQuality, again } = useCall(socket, requestId, guest);

  useEffect(() => {
    if (!guest) {
      setSocket(liveSocket());
      return undefined;
    }
    const own = io({ auth: { callInvitation: invitation }, transports: ['websocket', 'polling'] });
    // A socket the server refused does not try again by itself: the link is the reason.
    own.on('connect_error', () => {
      if (!own.active) setRefusedLink(true);
    });
    setSocket(own);
    return () => void own.disconnect();
  }, [guest, invitation]);

  useEffect(() => {
    if (guest || !requestId) return;
    get<CallRequestView>(`/api/requests/${encodeURIComponent(requestId)}`).then(setRequest, () => undefined);
  }, [guest, requestId]);

  // The server's answer to `check` gives the modality (a server that gave none: the request's view, or none
  // for a guest, whose camera then comes with the call).
  const modality = state.modality ?? request?.modality;
  const video = modality === 'video';
  const askDevices = () => {
    stopStream(stream.current);
    stream.current = undefined;
    setDevices({ status: 'asking' });
    openDevices(video).then(
      (opened) => {
        stream.current = opened.stream;
        setDevices({ status: 'ready', ...opened });
      },
      (error: unknown) => setDevices({ status: 'failed', error: error instanceof DeviceError ? error : new DeviceError('other', video, error) }),
    );
  };
  useEffect(() => {
    // Only once the server let this person in. Again after a hang-up: the call stopped the microphone it was given.
    if (state.phase === 'check' && requestId && devices.status !== 'asking' && !stream.current?.active) askDevices();
  }, [state.phase]);
  useEffect(() => {
    if (state.phase === 'refused' || refusedLink) stopStream(stream.current);
  }, [state.phase, refusedLink]);
  useEffect(() => () => stopStream(stream.current), []);
  // `direct=1`: the interpreter who just accepted a "now" call goes straight in once the microphone answers.
  // Also a reloaded tab that was in this call: it joins the same call again by itself.
  const direct = params.get('direct') === '1' || sessionStorage.getItem(rejoinKey(requestId)) !== null;
  const joinedDirectly = useRef(false);
  useEffect(() => {
    if (!direct || joinedDirectly.current || state.phase !== 'check' || devices.status !== 'ready' || !socket) return;
    joinedDirectly.current = true;
    join(devices.stream);
  }, [direct, state.phase, devices.status, socket]);

  return (
    <section aria-labelledby="call-title" class="page call">
      <h1 id="call-title">Appel</h1>
      {request && <p class="muted">{languageName(request.language)} · {modalityLabel(request.modality)} · {dateTime(request.start, request.timeZone)}</p>}
      {!requestId && <Alert>Ce lien d’appel est incomplet : ouvrez-le à nouveau depuis le message reçu.</Alert>}
      {refusedLink && <Alert>Ce lien d’invitation n’est plus valable.</Alert>}
      {state.error && <Alert>{state.error}</Alert>}
      {state.phase === 'check' && requestId && !refusedLink && (
        <DeviceCheck
          devices={devices}
          video={modality ? video : undefined}
          canJoin={Boolean(socket)}
          onRetry={askDevices}
          onJoin={join}
        />
      )}
      {state.phase === 'asking' && requestId && !refusedLink && <p role="status">Vérification de votre accès à l’appel…</p>}
      {state.phase === 'joining' && <p role="status" class="call-joining">Connexion à l’appel…</p>}
      {state.phase === 'call' && (
        <InCall state={state} inviteFor={!guest && user?.role === 'requester' ? requestId : undefined} onMicrophone={setMicrophone} onCamera={setCamera} onHangUp={hangUp} />
      )}
      {state.phase === 'after' && <AfterCall ended={state.ended} role={guest ? 'guest' : user?.role} onQuality={sendQuality} onAgain={state.ended ? undefined : again} />}
      {['check', 'joining', 'call'].includes(state.phase) && <Fallback request={request} role={guest ? undefined : user?.role} />}
    </section>
  );
}

/** What to do when the call cannot work: the phone, as before calls were held in the platform. */
function Fallback({ request, role }: { request: CallRequestView | undefined; role: string | undefined }) {
  const phone = request?.callbackPhone;
  if (!phone) return null;
  const link = <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>{phone}</a>;
  if (role === 'interpreter') {
    return <p class="call-fallback">Si l’appel est impossible : appelez le {link}{request.structureName ? ` (${request.structureName})` : ''}.</p>;
  }
  return <p class="call-fallback">Si l’appel est impossible, l’interprète vous appelle au {link}.</p>;
}
