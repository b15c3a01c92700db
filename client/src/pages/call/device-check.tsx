import { useEffect, useId, useState } from 'preact/hooks';
import { levelMeter, type DeviceError, type DeviceProblem } from '../../call/devices';
import { Alert, Button } from '../../components/ui';
import { MediaView } from './media-view';
import { cameraProblemText, deviceErrorText } from './texts';

export type Devices =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'ready'; stream: MediaStream; cameraProblem?: DeviceProblem | undefined }
  | { status: 'failed'; error: DeviceError };

interface Props {
  devices: Devices;
  /** Whether the session is a video one; undefined when the page cannot know before joining (a guest). */
  video: boolean | undefined;
  canJoin: boolean;
  onRetry: () => void;
  onJoin: (stream: MediaStream) => void;
}

/** Before joining: the microphone's level moves when the person speaks, and they see their camera. */
export function DeviceCheck({ devices, video, canJoin, onRetry, onJoin }: Props) {
  const ready = devices.status === 'ready' ? devices : undefined;
  return (
    <section aria-labelledby="check-title" class="panel call-check">
      <h2 id="check-title">Avant de rejoindre</h2>
      {(devices.status === 'asking' || devices.status === 'idle') && (
        <p role="status">Autorisez {video ? 'le micro et la caméra' : 'le micro'} quand le navigateur le demande.</p>
      )}
      {devices.status === 'failed' && (
        <>
          <Alert>{deviceErrorText(devices.error.problem, devices.error.camera)}</Alert>
          <Button variant="secondary" onClick={onRetry}>Réessayer</Button>
        </>
      )}
      {ready && <LevelMeter stream={ready.stream} />}
      {ready && video && !ready.cameraProblem && (
        <figure class="call-preview">
          <MediaView stream={ready.stream} kind="video" muted label="Aperçu de votre caméra" />
          <figcaption>Votre caméra</figcaption>
        </figure>
      )}
      {ready?.cameraProblem && <Alert kind="info">{cameraProblemText(ready.cameraProblem)}</Alert>}
      {video === undefined && <p class="hint">Pour une séance en visio, le navigateur demandera aussi la caméra quand vous rejoindrez l’appel.</p>}
      <div class="call-actions">
        <Button disabled={!ready || !canJoin} onClick={() => ready && onJoin(ready.stream)}>Rejoindre l’appel</Button>
      </div>
    </section>
  );
}

function LevelMeter({ stream }: { stream: MediaStream }) {
  const id = useId();
  const [level, setLevel] = useState(0);
  useEffect(() => levelMeter(stream, (value) => setLevel(Math.round(value * 20) / 20)), [stream]);
  return (
    <div class="field call-meter">
      <label for={id}>Niveau du micro</label>
      <meter id={id} min={0} max={1} low={0.1} optimum={0.5} value={level} aria-describedby={`${id}-hint`} />
      <p class="hint" id={`${id}-hint`}>Parlez : la barre doit bouger. Sinon, choisissez un autre micro dans les réglages du navigateur.</p>
    </div>
  );
}
