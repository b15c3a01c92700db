import { assignByDispatcher } from '../booking/offers';
import { requestInterpreter } from '../booking/requests';
import { findUserByEmail } from '../directory/users';
import type { Actor } from '../platform/actor';
import { demoInterpreters } from './demo-directory';

// A call one can join right after the first start: PASS Lyon's video session in Arabic, booked and
// assigned through booking's own use cases (the dispatcher of the first agency assigns it).

const actorOf = (user: { id: string; role: string; name: string; email: string; structureId?: string | undefined; agencyId?: string | undefined }): Actor => ({
  userId: user.id, sessionId: 'demo-seed', role: user.role as Actor['role'], name: user.name, email: user.email,
  ...(user.structureId ? { structureId: user.structureId } : {}), ...(user.agencyId ? { agencyId: user.agencyId } : {}),
});

/** Books the session to start in 5 minutes, for 2 hours: its call is open from now until 3 hours from now. Returns the interpreter's address. */
export async function seedDemoCall(now = new Date()): Promise<{ requestId: string; interpreterEmail: string } | undefined> {
  const pick = demoInterpreters().find((i) => i.agencyIndex === 0 && i.languages.includes('ara') && i.modalities.includes('video'));
  const [requester, dispatcher, interpreter] = await Promise.all(['pass.lyon@demo.test', 'dispatch@demo.test', `interp${pick?.number}@demo.test`].map(findUserByEmail));
  if (!pick || !requester || !dispatcher || !interpreter) return undefined;
  const start = new Date(Math.ceil((now.getTime() + 5 * 60_000) / 60_000) * 60_000);
  const { request } = await requestInterpreter(actorOf(requester), { language: 'ara', modality: 'video', start: start.toISOString(), durationMinutes: 120, callbackPhone: requester.phone ?? undefined }, 'demo-call', now);
  // The dispatcher sees the request once dispatch has named the agencies that can take it (a job, just after booking).
  for (let attempt = 0; ; attempt += 1) {
    try {
      await assignByDispatcher(actorOf(dispatcher), request.id, interpreter.id, now);
      break;
    } catch (error) {
      if ((error as { status?: number }).status !== 404 || attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return { requestId: request.id, interpreterEmail: interpreter.email };
}
