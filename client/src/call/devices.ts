import type { Modality } from './media';

// The microphone and camera before and during a call: asking for them, saying why the browser refused,
// and the level meter of the device check.

/** Why the browser gave no microphone or camera (the DOMException's name, grouped). */
export type DeviceProblem = 'not_allowed' | 'not_found' | 'not_readable' | 'unsupported' | 'other';

/** A modest picture: in a mesh each page sends its video to every other member, up to three times. */
const VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 }, facingMode: 'user' };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export class DeviceError extends Error {
  constructor(readonly problem: DeviceProblem, readonly camera: boolean, cause: unknown) {
    super(problem, { cause });
  }
}

export function problemOf(error: unknown): DeviceProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'not_allowed';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'not_found';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'not_readable';
  return 'other';
}

async function ask(constraints: MediaStreamConstraints, camera: boolean): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new DeviceError('unsupported', camera, undefined);
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    throw new DeviceError(problemOf(error), camera, error);
  }
}

/**
 * The microphone, and the camera when `video`. When only the camera fails (none, refused, busy), the
 * person still joins with sound and `cameraProblem` says why; a microphone that fails is an error.
 */
export async function openDevices(video: boolean): Promise<{ stream: MediaStream; cameraProblem?: DeviceProblem }> {
  if (!video) return { stream: await ask({ audio: AUDIO }, false) };
  try {
    return { stream: await ask({ audio: AUDIO, video: VIDEO }, true) };
  } catch (error) {
    if (!(error instanceof DeviceError) || error.problem === 'unsupported') throw error;
    // Asking for the microphone alone tells whether the camera was the trouble.
    const stream = await ask({ audio: AUDIO }, false).catch((audioError: unknown) => {
      throw error.problem === 'not_found' ? audioError : error;
    });
    return { stream, cameraProblem: error.problem };
  }
}

/**
 * The stream the call sends for the session's modality: the camera is added for a video session when
 * the device check did not know it (a guest's), dropped for a phone one. Without a camera, sound only.
 */
export async function fitStream(stream: MediaStream, modality: Modality): Promise<{ stream: MediaStream; cameraProblem?: DeviceProblem }> {
  if (modality === 'phone') {
    for (const track of stream.getVideoTracks()) {
      track.stop();
      stream.removeTrack(track);
    }
    return { stream };
  }
  if (stream.getVideoTracks().length > 0) return { stream };
  try {
    const camera = await ask({ video: VIDEO }, true);
    for (const track of camera.getVideoTracks()) stream.addTrack(track);
    return { stream };
  } catch (error) {
    return { stream, cameraProblem: error instanceof DeviceError ? error.problem : 'other' };
  }
}

/**
 * Calls `onLevel` about ten times a second with the microphone's level (0 to 1), from an analyser on
 * the stream; answers the function that stops it. A context the browser keeps suspended until the
 * person touches the page starts at their first click or key.
 */
export function levelMeter(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // Speech near the microphone is an RMS of about 0.05 to 0.2: scaled so that it fills most of the meter.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 5));
  }, 100);
  const resume = () => void context.resume().catch(() => undefined);
  if (context.state === 'suspended') {
    resume();
    addEventListener('pointerdown', resume, { once: true });
    addEventListener('keydown', resume, { once: true });
  }
  return () => {
    clearInterval(timer);
    removeEventListener('pointerdown', resume);
    removeEventListener('keydown', resume);
    source.disconnect();
    void context.close().catch(() => undefined);
  };
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
