import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, runWideWaves, TestClock } from '../support/booking';
import { anInterpreter } from '../support/fixtures';

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const PARIS = 'Europe/Paris';

interface Candidates {
  candidates: Array<{ interpreterId: string }>;
  unavailable: Array<{ interpreterId: string; reasons: string[] }>;
}

// Matching respects the qualifications the catalogue requires (issue 29, item 2): the mental-health
// training for a mental-health session, valid through its last day in the session's zone.
describe('Matching respects the required qualifications', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  // The last day of the training that expires in the tests around expiry: ten days ahead, in Paris.
  const lastDay = DateTime.now().setZone(PARIS).plus({ days: 10 }).startOf('day');
  const at = (day: DateTime, time: string) => {
    const [hour, minute] = time.split(':').map(Number);
    return day.set({ hour, minute }).toISO()!;
  };
  let valid: { id: string; email: string };
  let expired: { id: string; email: string };
  let missing: { id: string; email: string };

  /** The eligible count of the last request booked, as its 201 answer gave it. */
  let eligibleAtBooking: number | undefined;
  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    eligibleAtBooking = res.body.coverage.eligible;
    await runWideWaves(new TestClock());
    return res.body.id as string;
  };
  const candidatesOf = async (id: string) => {
    const res = await t.http().get(`/api/requests/${id}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as Candidates;
  };
  const reasonsOf = (answer: Candidates, id: string) => answer.unavailable.find((u) => u.interpreterId === id)?.reasons;
  const eligibleAt = async (start: string, query: Record<string, string | number> = { specialty: 'mental_health' }) => {
    const res = await t.http().get('/api/requests/coverage').query({ language: 'ara', modality: 'video', start, durationMinutes: 60, ...query }).set('Authorization', w.requester.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.eligible as number;
  };

  before(async () => {
    w = await bookingWorld(t, 0);
    const arabic = { languages: ['ara'], modalities: ['video'], departments: [], availability: AROUND_THE_CLOCK, specialties: ['general', 'mental_health'] };
    valid = await anInterpreter(w.agency.id, { ...arabic, name: 'Valide', qualifications: [{ code: 'mental_health', obtainedOn: '2023-05-02', validUntil: lastDay.toISODate() }] });
    expired = await anInterpreter(w.agency.id, { ...arabic, name: 'Expirée', qualifications: [{ code: 'mental_health', obtainedOn: '2023-03-04', validUntil: '2026-03-03' }] });
    missing = await anInterpreter(w.agency.id, { ...arabic, name: 'Sans formation', qualifications: [{ code: 'health_interpreting', obtainedOn: '2020-01-06' }] });
  });

  it('a mental-health session is offered only to the interpreter whose training is valid; the dispatcher reads "Formation santé mentale expirée le 3 mars 2026" and "Formation santé mentale manquante"', async () => {
    const id = await book({ language: 'ara', modality: 'video', start: at(lastDay.minus({ days: 2 }), '10:00'), durationMinutes: 60, specialty: 'mental_health' });
    expect(eligibleAtBooking).to.equal(1);
    const answer = await candidatesOf(id);
    expect(answer.candidates.map((c) => c.interpreterId)).to.deep.equal([valid.id]);
    expect(reasonsOf(answer, expired.id)).to.deep.equal(['Formation santé mentale expirée le 3 mars 2026']);
    expect(reasonsOf(answer, missing.id)).to.deep.equal(['Formation santé mentale manquante']);
    for (const [who, offered] of [[valid, true], [expired, false], [missing, false]] as const) {
      const offers = (await t.http().get('/api/offers').set('Authorization', `Bearer ${await t.login(who.email)}`)).body as Array<{ requestId: string }>;
      expect(offers.some((o) => o.requestId === id), who.email).to.equal(offered);
    }
  });

  it('a session without a specialty needs no training: all three are offered it', async () => {
    const id = await book({ language: 'ara', modality: 'video', start: at(lastDay.minus({ days: 3 }), '10:00'), durationMinutes: 60 });
    expect((await candidatesOf(id)).candidates.map((c) => c.interpreterId)).to.have.members([valid.id, expired.id, missing.id]);
  });

  it('a training valid until a day counts through that whole day in Paris: the day before, the day of until 23:30, not the day after, not even at 00:30 Paris (23:30 UTC of its last day)', async () => {
    expect(await eligibleAt(at(lastDay.minus({ days: 1 }), '10:00'))).to.equal(1);
    expect(await eligibleAt(at(lastDay, '00:00'))).to.equal(1);
    expect(await eligibleAt(at(lastDay, '23:30'))).to.equal(1);
    const afterMidnight = at(lastDay.plus({ days: 1 }), '00:30');
    // 00:30 in Paris is still the last day in UTC: a UTC reading would offer it.
    expect(DateTime.fromISO(afterMidnight).toUTC().toISODate()).to.equal(lastDay.toISODate());
    expect(await eligibleAt(afterMidnight)).to.equal(0);
    expect(await eligibleAt(at(lastDay.plus({ days: 1 }), '10:00'))).to.equal(0);
    const id = await book({ language: 'ara', modality: 'video', start: afterMidnight, durationMinutes: 60, specialty: 'mental_health' });
    expect(reasonsOf(await candidatesOf(id), valid.id)).to.deep.equal([`Formation santé mentale expirée le ${lastDay.setLocale('fr').toFormat(lastDay.day === 1 ? "'1er' LLLL yyyy" : 'd LLLL yyyy')}`]);
  });

  it('coverage takes the specialty and counts as matching does: every Arabic interpreter without it, the one trained with it, nobody for perinatal care', async () => {
    const start = at(lastDay.minus({ days: 4 }), '11:00');
    expect(await eligibleAt(start, {})).to.equal(3);
    expect(await eligibleAt(start)).to.equal(1);
    expect(await eligibleAt(start, { specialty: 'perinatal' })).to.equal(0);
    expect((await t.http().get('/api/requests/coverage').query({ language: 'ara', modality: 'video', start, durationMinutes: 60, specialty: 'surgery' }).set('Authorization', w.requester.auth)).status).to.equal(400);
  });

  it('a dispatcher cannot assign by hand an interpreter without the training: 422 not_eligible, saying why', async () => {
    const id = await book({ language: 'ara', modality: 'video', start: at(lastDay.minus({ days: 5 }), '15:00'), durationMinutes: 60, specialty: 'mental_health' });
    const res = await t.http().post(`/api/requests/${id}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: expired.id });
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.error.code).to.equal('not_eligible');
    expect(res.body.error.details).to.deep.equal([{ field: 'interpreterId', code: 'qualification', message: 'Formation santé mentale expirée le 3 mars 2026' }]);
  });

  it('taking the training away from an interpreter holding a mental-health session is refused (409 sessions_during_absence) unless the withdrawal is confirmed', async () => {
    const holder = await anInterpreter(w.agency.id, { languages: ['ara'], modalities: ['video'], departments: [], availability: AROUND_THE_CLOCK, name: 'Titulaire', qualifications: [{ code: 'mental_health', obtainedOn: '2022-09-01' }] });
    const id = await book({ language: 'ara', modality: 'video', start: at(lastDay.minus({ days: 6 }), '09:00'), durationMinutes: 60, specialty: 'mental_health' });
    await acceptedBy(t, id, { auth: `Bearer ${await t.login(holder.email)}` });
    const take = (body: object) => t.http().put(`/api/interpreters/${holder.id}/qualifications`).set('Authorization', w.dispatcher.auth).send(body);
    const refused = await take({ qualifications: [] });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(409);
    expect(refused.body.error.code).to.equal('sessions_during_absence');
    expect((await take({ qualifications: [{ code: 'mental_health', obtainedOn: '2022-09-01', validUntil: lastDay.plus({ days: 30 }).toISODate() }] })).status).to.equal(200);
    expect((await take({ qualifications: [], confirmWithdrawals: true })).status).to.equal(200);
    const request = (await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth)).body;
    expect(request.status).to.not.equal('assigned');
  });
});
