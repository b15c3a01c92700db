import { useEffect, useRef } from 'preact/hooks';

/**
 * A stream in a video or audio element. The page's own picture is muted (no echo); a member's plays
 * its sound, through the video element in a video session and a hidden audio element on the phone.
 */
export function MediaView({ stream, kind, muted = false, label }: { stream: MediaStream; kind: 'video' | 'audio'; muted?: boolean; label?: string }) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = stream;
    // Playing may wait for the person's first click in some browsers: the element starts then.
    element.play().catch(() => undefined);
  }, [stream]);
  if (kind === 'audio') return <audio ref={ref} autoplay />;
  return <video ref={ref} autoplay playsInline muted={muted} aria-label={label} />;
}
