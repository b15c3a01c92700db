import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { anInterpreter } from '../support/fixtures';

// A request that ends without an interpreter records why, for the requester and the funder.
describe('An unfilled request records why', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 1);
  });
  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; start: string };
  };
  const read = async (id: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth)).body as { status: string; unfilledReason?: string };
  const atStart = async (request: { start: string }, clock: TestClock, runner: ReturnType<typeof jobRunner>) => {
    clock.set(new Date(new Date(request.start).getTime() + 60_000));
    await runner.runDue();
  };

  it('nobody eligible: no interpreter of the language', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'tir', modality: 'video', start: parisIn(2, '10:00'), durationMinutes: 60 });
    await runner.runDue();
    await atStart(request, clock, runner);
    expect(await read(request.id)).to.include({ status: 'unfilled', unfilledReason: 'nobody_eligible' });
  });

  it('nobody answered: everyone eligible was offered it and nobody accepted', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 });
    await runner.runDue();
    for (let i = 0; i < 3; i += 1) {
      clock.advance(2);
      await runner.runDue();
    }
    expect(await read(request.id)).to.include({ status: 'unfilled', unfilledReason: 'nobody_answered' });
  });

  it('withdrawn: the interpreter who had it withdrew and nobody else took it', async () => {
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 });
    await runner.runDue();
    const interpreter = w.interpreters[0]!;
    const offer = ((await t.http().get('/api/offers').set('Authorization', interpreter.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === request.id)!;
    expect((await t.http().post(`/api/offers/${offer.id}/accept`).set('Authorization', interpreter.auth)).status).to.equal(200);
    expect((await t.http().post(`/api/requests/${request.id}/withdraw`).set('Authorization', interpreter.auth).send({ reason: 'Malade' })).status).to.equal(200);
    await runner.runDue();
    await atStart(request, clock, runner);
    expect(await read(request.id)).to.include({ status: 'unfilled', unfilledReason: 'withdrawn' });
  });

  it('too late: the start came before every eligible interpreter was reached (waves of 3, five eligible)', async () => {
    for (let i = 0; i < 4; i += 1) {
      await anInterpreter(w.agency.id, { availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) });
    }
    const clock = new TestClock();
    const runner = jobRunner(clock);
    const start = new Date(clock.now().getTime() + 5 * 60_000);
    const request = await book({ language: 'ara', modality: 'phone', start: start.toISOString(), durationMinutes: 30 });
    await runner.runDue();
    // The process was stopped: when it runs again, the second wave is overdue and the session has begun.
    await atStart(request, clock, runner);
    expect(await read(request.id)).to.include({ status: 'unfilled', unfilledReason: 'too_late' });
  });
});
