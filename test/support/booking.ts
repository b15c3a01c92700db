import { DateTime } from 'luxon';
import { configureDispatch, DEFAULT_DISPATCH_POLICY } from '../../server/booking/dispatch-policy';
import { bookingHandlers } from '../../server/booking/handlers';
import { JobRunner } from '../../server/platform/jobs';
import { LANES } from '../../server/platform/jobs-store';
import type { TestContext } from './app';
import { anAgency, anInterpreter, aStructure, aUser } from './fixtures';

/** Real time plus an offset the test moves by hand, so that waves and deadlines run when the test says. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(minutes: number) {
    this.offsetMs += minutes * 60_000;
  }
  set(instant: Date) {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

/** Runs the durable jobs that are due at the clock's time, on both lanes, as a worker process would. */
export function jobRunner(clock: TestClock, owner = 'test-runner') {
  const lanes = LANES.map((lane) => new JobRunner(bookingHandlers(clock.now), { owner, lane, now: clock.now, pollMs: 50 }));
  return {
    /** Runs what is due until nothing is (a job of one lane may make one of the other due); returns how many ran. */
    async runDue(): Promise<number> {
      let total = 0;
      for (;;) {
        const ran = (await Promise.all(lanes.map((runner) => runner.runDue()))).reduce((a, b) => a + b, 0);
        if (ran === 0) return total;
        total += ran;
      }
    },
  };
}

/** Runs `work` while the jobs due at the clock's time run beside it, as a server's workers would (the demo call waits for dispatch). */
export async function whileDispatching<T>(clock: TestClock, work: () => Promise<T>): Promise<T> {
  const runner = jobRunner(clock);
  let done = false;
  const dispatching = (async () => {
    while (!done) {
      await runner.runDue();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    return await work();
  } finally {
    done = true;
    await dispatching;
  }
}

// Available at every hour, so that a "now" request behaves the same whatever time the suite runs at.
const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

/** A requester at a PASS in 69 and `count` Arabic interpreters of one agency, available around the clock, all logged in. */
export async function bookingWorld(t: TestContext, count = 5, profile: Record<string, unknown> = {}) {
  const structure = await aStructure({ name: 'PASS Lyon' });
  const otherStructure = await aStructure({ name: 'CDS Grenoble', type: 'CDS', department: '38' });
  const agency = await anAgency('Agence A');
  const requester = await aUser('requester', { structureId: structure.id });
  const otherRequester = await aUser('requester', { structureId: otherStructure.id });
  const dispatcher = await aUser('dispatcher', { agencyId: agency.id });
  const auditor = await aUser('auditor');
  const interpreters = [];
  for (let i = 0; i < count; i += 1) {
    interpreters.push(await anInterpreter(agency.id, { name: `Interprète ${String(i + 1).padStart(2, '0')}`, phone: `+33 6 00 00 00 ${String(i).padStart(2, '0')}`, videoLink: `https://visio.test/room${i}`, availability: AROUND_THE_CLOCK, ...profile }));
  }
  const auth = async (email: string) => `Bearer ${await t.login(email)}`;
  return {
    structure,
    otherStructure,
    agency,
    requester: { ...requester, auth: await auth(requester.email) },
    otherRequester: { ...otherRequester, auth: await auth(otherRequester.email) },
    dispatcher: { ...dispatcher, auth: await auth(dispatcher.email) },
    auditor: { ...auditor, auth: await auth(auditor.email) },
    interpreters: await Promise.all(interpreters.map(async (i) => ({ ...i, auth: await auth(i.email) }))),
  };
}

/** A Paris wall-clock time `days` from today, as ISO 8601 with its offset. */
export function parisIn(days: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now().setZone('Europe/Paris').plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;
}

/** Runs the due jobs with waves wide enough to reach every eligible interpreter, as a dispatch that widened. */
export async function runWideWaves(clock: TestClock): Promise<number> {
  configureDispatch({ waveSize: 100 });
  try {
    return await jobRunner(clock).runDue();
  } finally {
    configureDispatch(DEFAULT_DISPATCH_POLICY);
  }
}

/** The id of the interpreter's live offer of the request, as their offers page shows it (undefined if none). */
export async function offerOf(t: TestContext, interpreter: { auth: string }, requestId: string): Promise<string | undefined> {
  const res = await t.http().get('/api/offers').set('Authorization', interpreter.auth);
  if (res.status !== 200) throw new Error(`offers: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string; requestId: string }[]).find((o) => o.requestId === requestId)?.id;
}

/** The request offered to everyone eligible, then accepted by the interpreter on their offers page. */
export async function acceptedBy(t: TestContext, requestId: string, interpreter: { name?: string; auth: string }, clock = new TestClock()) {
  await runWideWaves(clock);
  const offerId = await offerOf(t, interpreter, requestId);
  if (!offerId) throw new Error(`${interpreter.name ?? 'the interpreter'} holds no offer of ${requestId}`);
  const res = await t.http().post(`/api/offers/${offerId}/accept`).set('Authorization', interpreter.auth);
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Everything stored about the request, as its structure (or `auth`) exports it, less the export's own time. */
export async function exported(t: TestContext, requestId: string, auth: string) {
  const res = await t.http().get(`/api/requests/${requestId}/export`).set('Authorization', auth);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
  const { exportedAt: _exportedAt, ...rest } = res.body;
  return rest;
}
