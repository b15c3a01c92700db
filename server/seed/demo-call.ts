import { assignByDispatcher } from '../booking/offers';
import { requestInterpreter } from '../booking/requests';
import { findUserByEmail } from '../directory/users';
import type { Actor } from '../platform/actor';
import { demoInterpreters, type DemoInterpreter } from './demo-directory';

// A call one can join right after the first start: PASS Lyon's video session in Arabic (or another
// region's first PASS in its first language), booked and assigned through booking's own use cases (the
// dispatcher of the first agency assigns it).

/** Who a demo call brings together, by address; the interpreters in the order they are tried. */
export interface DemoCallCast {
  /** The structure, as the start's log names it. */
  label: string;
  requesterEmail: string;
  dispatcherEmail: string;
  language: string;
  interpreterEmails: string[];
}

const actorOf = (user: { id: string; role: string; name: string; email: string; structureId?: string | undefined; agencyId?: string | undefined }): Actor => ({
  userId: user.id, sessionId: 'demo-seed', role: user.role as Actor['role'], name: user.name, email: user.email,
  ...(user.structureId ? { structureId: user.structureId } : {}), ...(user.agencyId ? { agencyId: user.agencyId } : {}),
});

const ARABIC_VIDEO_OF_ISARA = (i: DemoInterpreter) => i.agencyIndex === 0 && i.languages.includes('ara') && i.modalities.includes('video');
const ON_DUTY_ALL_DAY = (i: DemoInterpreter) => i.availability?.length === 7 && i.availability.every((slot) => slot.from === '00:00' && slot.to === '24:00');

/** The default demo's call: PASS Lyon, ISARA's Arabic video interpreters, the one on duty around the clock first. */
export function defaultDemoCall(): DemoCallCast {
  const picks = demoInterpreters().filter(ARABIC_VIDEO_OF_ISARA).sort((a, b) => Number(ON_DUTY_ALL_DAY(b)) - Number(ON_DUTY_ALL_DAY(a)));
  return { label: 'PASS Lyon', requesterEmail: 'pass.lyon@demo.test', dispatcherEmail: 'dispatch@demo.test', language: 'ara', interpreterEmails: picks.map((pick) => `interp${pick.number}@demo.test`) };
}

/**
 * Books the session to start in 5 minutes, for 2 hours: its call is open from now until 3 hours from now.
 * Assigned to the cast's first interpreter (on duty around the clock), or else to the first other one who
 * is eligible then (a 422 from one tries the next), so that it is booked at any hour of any day.
 * Returns the request and the interpreter's address; undefined when the demo accounts are missing.
 * Errors: the last assignment's refusal when nobody could take it.
 */
export async function seedDemoCall(now = new Date(), cast = defaultDemoCall()): Promise<{ requestId: string; interpreterEmail: string } | undefined> {
  const [requester, dispatcher] = await Promise.all([cast.requesterEmail, cast.dispatcherEmail].map(findUserByEmail));
  const interpreters = (await Promise.all(cast.interpreterEmails.map(findUserByEmail))).filter((user) => user !== undefined);
  if (!requester || !dispatcher || interpreters.length === 0) return undefined;
  const start = new Date(Math.ceil((now.getTime() + 5 * 60_000) / 60_000) * 60_000);
  const { request } = await requestInterpreter(actorOf(requester), { language: cast.language, modality: 'video', start: start.toISOString(), durationMinutes: 120, callbackPhone: requester.phone ?? undefined }, `demo-call-${start.toISOString()}`, now);
  for (const [index, interpreter] of interpreters.entries()) {
    try {
      await assignOnceDispatched(actorOf(dispatcher), request.id, interpreter.id, now);
      return { requestId: request.id, interpreterEmail: interpreter.email };
    } catch (error) {
      if ((error as { status?: number }).status !== 422 || index === interpreters.length - 1) throw error;
    }
  }
  return undefined;
}

/** The dispatcher sees the request once dispatch has named the agencies that can take it (a job, just after booking): 404 until then, tried for a minute. */
async function assignOnceDispatched(dispatcher: Actor, requestId: string, interpreterId: string, now: Date): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await assignByDispatcher(dispatcher, requestId, interpreterId, now);
      return;
    } catch (error) {
      if ((error as { status?: number }).status !== 404 || attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
