import { useEffect, useState } from 'preact/hooks';
import { callOpensAt } from '../../../shared/call-protocol';
import { bookedSlot } from '../../../shared/exchange';
import type { RequestView } from '../types';
import { GuestLink } from './guest-link';

/** When the call page opens (shared/call-protocol.ts): before the booked slot, its briefing included; null for "now" (at once). */
const opensAt = (r: RequestView) => callOpensAt({ immediate: r.immediate, start: bookedSlot({ ...r, start: new Date(r.start), end: new Date(r.end) }).start });

const callOpen = (r: RequestView, now = Date.now()) => r.status === 'assigned' && now >= (opensAt(r)?.getTime() ?? 0);

/** A "now" call joins as soon as the microphone answers: the patient is in the room, one tap is enough. */
export const joinHref = (r: RequestView) => (r.immediate ? `${r.call!.joinPath}&direct=1` : r.call!.joinPath);

const minutes = (seconds: number) => `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;

/**
 * A phone or video session held in the platform: the call button, who calls whom if the call cannot be
 * held, and for the structure a guest link. `who` is the reader: the structure or the interpreter.
 */
export function CallPanel({ request: r, who }: { request: RequestView; who: 'structure' | 'interpreter' }) {
  const open = callOpen(r);
  // A page left open shows the button by itself when the call opens.
  const [, redraw] = useState(0);
  useEffect(() => {
    if (open || r.status !== 'assigned') return undefined;
    const wait = (opensAt(r)?.getTime() ?? 0) - Date.now();
    const timer = setTimeout(() => redraw((n) => n + 1), Math.min(Math.max(wait, 0) + 250, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [open, r.status, r.start, r.briefingMinutes]);
  if (!r.call) return null;
  return (
    <div class="call-panel" data-testid="call-panel">
      {r.status === 'assigned' && (
        <p>
          {open
            ? <a class="button button--primary" href={joinHref(r)}>Rejoindre l’appel</a>
            : <span class="muted">L’appel s’ouvre 10 minutes avant {r.briefingMinutes > 0 ? 'l’échange prévu avant la séance' : 'la séance'}, dans la plateforme.</span>}
          {r.call.participants > 0 && <span class="muted"> · {r.call.participants} personne{r.call.participants > 1 ? 's' : ''} dans l’appel</span>}
        </p>
      )}
      {r.call.measuredSeconds > 0 && <p class="muted">Durée mesurée par l’appel : {minutes(r.call.measuredSeconds)}</p>}
      {r.status === 'assigned' && r.callbackPhone && (
        <p class="muted">
          {who === 'structure'
            ? `Si l’appel est impossible (pas de micro, coupure), l’interprète vous appelle au ${r.callbackPhone}.`
            : <>Si l’appel est impossible, appelez le <a href={`tel:${r.callbackPhone.replace(/[^+0-9]/g, '')}`}>{r.callbackPhone}</a>{r.structureName ? ` (${r.structureName})` : ''}.</>}
        </p>
      )}
      {who === 'structure' && r.status === 'assigned' && <GuestLink requestId={r.id} />}
    </div>
  );
}
