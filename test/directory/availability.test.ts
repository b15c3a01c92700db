import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { anAgency, anInterpreter, aUser } from '../support/fixtures';

// An interpreter (or their agency's dispatcher) keeps their availability; matching reads it at once.

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const parisDate = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
const weekdayIn = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).weekday;

describe('Availability kept by interpreters and their dispatchers', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let otherDispatcher: string;
  let otherInterpreterId: string;
  type Who = { id: string; auth: string };
  let ours: Who;
  let theirs: Who;

  before(async () => {
    // Two Arabic interpreters of agency A, available around the clock; a dispatcher of agency B.
    w = await bookingWorld(t, 2);
    [ours, theirs] = [w.interpreters[0]!, w.interpreters[1]!];
    const agencyB = await anAgency('Agence B');
    otherDispatcher = `Bearer ${await t.login((await aUser('dispatcher', { agencyId: agencyB.id })).email)}`;
    otherInterpreterId = (await anInterpreter(agencyB.id, { languages: ['prs'] })).id;
  });

  const own = (who: { auth: string }) => t.http().patch('/api/interpreters/me').set('Authorization', who.auth);
  const byDispatcher = (id: string, auth = w.dispatcher.auth) => t.http().patch(`/api/interpreters/${id}/availability`).set('Authorization', auth);
  const profileOf = async (who: { auth: string }) => (await t.http().get('/api/interpreters/me').set('Authorization', who.auth)).body;
  const eligible = async (start: string, language = 'ara') => {
    const res = await t.http().get('/api/requests/coverage').set('Authorization', w.requester.auth).query({ language, modality: 'video', start, durationMinutes: 60 });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.eligible as number;
  };
  const book = async (start: string) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start, durationMinutes: 60 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    await jobRunner(new TestClock()).runDue();
    return res.body as { id: string; coverage: { eligible: number } };
  };
  const offeredTo = async (who: { auth: string }) => ((await t.http().get('/api/offers').set('Authorization', who.auth)).body as { requestId: string }[]).map((o) => o.requestId);

  it('an interpreter reads their own profile at GET /api/interpreters/me', async () => {
    const me = await profileOf(ours);
    expect(me).to.include({ id: ours.id, role: 'interpreter' });
    expect(me.availability).to.deep.equal(AROUND_THE_CLOCK);
  });

  it('an absence the interpreter declares takes them out of coverage and dispatch at once; removing it brings them back', async () => {
    const tenOClock = parisIn(10, '10:00');
    expect(await eligible(tenOClock)).to.equal(2);

    const absent = await own(ours).send({ exceptions: [{ date: parisDate(10), slots: [] }] });
    expect(absent.status, JSON.stringify(absent.body)).to.equal(200);
    expect(absent.body.exceptions).to.deep.equal([{ date: parisDate(10), slots: [] }]);
    expect(await eligible(tenOClock)).to.equal(1);
    expect(await eligible(parisIn(11, '10:00')), 'the next day is not touched').to.equal(2);
    const duringAbsence = await book(tenOClock);
    expect(duringAbsence.coverage.eligible).to.equal(1);
    expect(await offeredTo(ours)).not.to.include(duringAbsence.id);
    expect(await offeredTo(theirs)).to.include(duringAbsence.id);

    expect((await own(ours).send({ exceptions: [] })).status).to.equal(200);
    expect(await eligible(parisIn(10, '14:00'))).to.equal(2);
    const afterwards = await book(parisIn(10, '14:00'));
    expect(await offeredTo(ours)).to.include(afterwards.id);
  });

  it('an absence declared while holding an offer that day withdraws that offer at once; the others keep theirs', async () => {
    const onTheDay = parisIn(15, '09:00');
    // Both interpreters hold an offer of a request booked when both were free (a wave of three reaches both).
    const request = await book(onTheDay);
    expect(await offeredTo(ours)).to.include(request.id);
    expect(await offeredTo(theirs)).to.include(request.id);
    expect((await own(ours).send({ exceptions: [{ date: parisDate(15), slots: [] }] })).status).to.equal(200);
    await jobRunner(new TestClock()).runDue();
    expect(await offeredTo(ours), 'the absent interpreter no longer holds it').not.to.include(request.id);
    expect(await offeredTo(theirs), 'the other keeps theirs').to.include(request.id);
    // The day taken back: nothing is offered twice, the remaining offer is untouched.
    expect((await own(ours).send({ exceptions: [] })).status).to.equal(200);
    await jobRunner(new TestClock()).runDue();
    expect(await offeredTo(theirs)).to.include(request.id);
  });

  it('extra hours on a date replace the weekly template that day', async () => {
    const template = AROUND_THE_CLOCK.filter((slot) => slot.weekday !== weekdayIn(12));
    expect((await own(ours).send({ availability: template, exceptions: [{ date: parisDate(12), slots: [{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:00' }] }] })).status).to.equal(200);
    expect(await eligible(parisIn(12, '10:00'))).to.equal(2);
    expect(await eligible(parisIn(12, '12:30')), 'between the two slots').to.equal(1);
    expect(await eligible(parisIn(19, '10:00')), 'the same weekday a week later follows the template').to.equal(1);
    await own(ours).send({ availability: AROUND_THE_CLOCK, exceptions: [] }).expect(200);
  });

  it('what an interpreter may change: availability, exceptions, departments, travel buffer, phone and video link; null removes a contact detail', async () => {
    const res = await own(ours).send({ departments: ['69', '38', '2A'], travelBufferMinutes: 45, phone: '+33 6 11 22 33 44', videoLink: 'https://visio.example.org/moi' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ travelBufferMinutes: 45, phone: '+33 6 11 22 33 44', videoLink: 'https://visio.example.org/moi' });
    expect(res.body.departments).to.deep.equal(['69', '38', '2A']);
    const cleared = await own(ours).send({ videoLink: null });
    expect(cleared.status).to.equal(200);
    expect(cleared.body.videoLink).to.equal(undefined);
    expect(cleared.body.phone).to.equal('+33 6 11 22 33 44');
  });

  it('an interpreter cannot change their languages, specialties or anything else the agency vouches for (400 unknown field, nothing written)', async () => {
    const before = await profileOf(ours);
    for (const [field, value] of Object.entries({ languages: ['eng'], specialties: ['mental_health'], modalities: ['phone'], gender: 'male', name: 'Autre', active: true, agencyId: w.agency.id, email: 'x@test.test' })) {
      const res = await own(ours).send({ [field]: value, travelBufferMinutes: 10 });
      expect(res.status, field).to.equal(400);
      expect(res.body.error.details, field).to.deep.include({ field, code: 'unknown_field', message: 'is not an accepted field' });
    }
    expect(await profileOf(ours)).to.deep.equal(before);
  });

  it('a dispatcher changes the weekly template of an interpreter of their agency, and matching sees it at once', async () => {
    const afternoons = [{ weekday: weekdayIn(10), from: '14:00', to: '18:00' }];
    const res = await byDispatcher(theirs.id).send({ availability: afternoons, travelBufferMinutes: 20 });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ id: theirs.id, travelBufferMinutes: 20 });
    expect(res.body.availability).to.deep.equal(afternoons);
    expect(await eligible(parisIn(10, '10:00'))).to.equal(1);
    expect(await eligible(parisIn(10, '15:00'))).to.equal(2);
    await byDispatcher(theirs.id).send({ availability: AROUND_THE_CLOCK }).expect(200);
  });

  it('another agency’s interpreter is not found for a dispatcher (404), and nothing is written', async () => {
    const before = await profileOf(theirs);
    const res = await byDispatcher(theirs.id, otherDispatcher).send({ availability: [] });
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('not_found');
    expect(await profileOf(theirs)).to.deep.equal(before);
    expect((await byDispatcher(otherInterpreterId).send({ travelBufferMinutes: 0 })).status).to.equal(404);
    expect((await byDispatcher(w.requester.id).send({ travelBufferMinutes: 0 })).status, 'a user who is not an interpreter').to.equal(404);
  });

  it('a dispatcher cannot change languages either, and the route is for dispatchers only', async () => {
    const refused = await byDispatcher(theirs.id).send({ languages: ['eng'] });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.details[0]).to.include({ field: 'languages', code: 'unknown_field' });
    expect((await byDispatcher(theirs.id, ours.auth).send({ travelBufferMinutes: 0 })).status).to.equal(403);
    expect((await byDispatcher(theirs.id, w.requester.auth).send({ travelBufferMinutes: 0 })).status).to.equal(403);
  });

  describe('incoherent availability is refused with the field and why, and nothing is written', () => {
    const slot = (weekday: number, from: string, to: string) => ({ weekday, from, to });
    const day = (date: string, ...slots: [string, string][]) => ({ date, slots: slots.map(([from, to]) => ({ from, to })) });
    const cases: [string, Record<string, unknown>, number, string, string][] = [
      ['a slot that ends before it starts', { availability: [slot(1, '18:00', '09:00')] }, 400, 'availability.0', 'empty_range'],
      ['an empty slot', { availability: [slot(1, '09:00', '09:00')] }, 400, 'availability.0', 'empty_range'],
      ['overlapping slots of one weekday', { availability: [slot(1, '09:00', '12:00'), slot(2, '08:00', '10:00'), slot(1, '11:00', '14:00')] }, 400, 'availability.2', 'overlap'],
      ['overlapping slots of one date', { exceptions: [day(parisDate(5), ['14:00', '18:00'], ['09:00', '15:00'])] }, 400, 'exceptions.0.slots.0', 'overlap'],
      ['two exceptions for one date', { exceptions: [day(parisDate(5)), day(parisDate(5), ['09:00', '12:00'])] }, 400, 'exceptions.1.date', 'duplicate_date'],
      ['a date that does not exist', { exceptions: [day('2027-02-30')] }, 400, 'exceptions.0.date', 'format'],
      ['a time that does not exist', { availability: [slot(1, '09:00', '25:00')] }, 400, 'availability.0.to', 'pattern'],
      ['24:00 as a start', { availability: [slot(1, '24:00', '24:00')] }, 400, 'availability.0', 'empty_range'],
      ['a weekday out of range', { availability: [slot(0, '09:00', '12:00')] }, 400, 'availability.0.weekday', 'minimum'],
      ['more than 10 slots on a date', { exceptions: [day(parisDate(5), ...Array.from({ length: 11 }, (_, i) => [`0${i % 10}:00`, `0${i % 10}:30`] as [string, string]))] }, 400, 'exceptions.0.slots', 'maxItems'],
      ['more than 400 exceptions', { exceptions: Array.from({ length: 401 }, (_, i) => day(parisDate(i))) }, 400, 'exceptions', 'maxItems'],
      ['more than 50 weekly slots', { availability: Array.from({ length: 51 }, (_, i) => slot((i % 7) + 1, '00:00', '00:01')) }, 400, 'availability', 'maxItems'],
      ['a department that does not exist', { departments: ['69', '99'] }, 400, 'departments.1', 'pattern'],
      ['no department for an interpreter who works on site', { departments: [] }, 400, 'departments', 'required'],
      ['a travel buffer over 4 hours', { travelBufferMinutes: 300 }, 400, 'travelBufferMinutes', 'maximum'],
      ['a video link that is not https', { videoLink: 'http://visio.example.org/x' }, 400, 'videoLink', 'invalid'],
      ['an absence more than two years ahead', { exceptions: [day(parisDate(1)), day(DateTime.now().setZone('Europe/Paris').plus({ years: 2, days: 1 }).toISODate()!)] }, 422, 'exceptions.1.date', 'too_far'],
    ];
    for (const [what, body, status, field, code] of cases) {
      it(`${what}: ${status} ${code} on ${field}`, async () => {
        const before = await profileOf(ours);
        const res = await own(ours).send(body);
        expect(res.status, JSON.stringify(res.body)).to.equal(status);
        expect(res.body.error.code).to.equal(status === 422 ? 'exception_too_far' : 'invalid_input');
        expect(res.body.error.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`)).to.include(`${field} ${code}`);
        expect(await profileOf(ours)).to.deep.equal(before);
      });
    }

    it('touching slots (12:00-14:00 after 09:00-12:00), 24:00 as an end and an absence exactly two years ahead are fine', async () => {
      const twoYears = DateTime.now().setZone('Europe/Paris').plus({ years: 2 }).toISODate()!;
      const res = await own(ours).send({ availability: [slot(1, '09:00', '12:00'), slot(1, '12:00', '14:00'), slot(1, '20:00', '24:00')], exceptions: [day(twoYears)] });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      await own(ours).send({ availability: AROUND_THE_CLOCK, exceptions: [] }).expect(200);
    });
  });

  it('exceptions already past are dropped when the list is saved: they no longer count', async () => {
    const res = await own(ours).send({ exceptions: [{ date: parisDate(-3), slots: [] }, { date: parisDate(0), slots: [] }, { date: parisDate(30), slots: [] }] });
    expect(res.status).to.equal(200);
    expect(res.body.exceptions.map((e: { date: string }) => e.date)).to.deep.equal([parisDate(0), parisDate(30)]);
    await own(ours).send({ exceptions: [] }).expect(200);
  });

  describe('across the spring daylight-saving change (slots are Paris wall-clock)', () => {
    // The next last Sunday of March: at 02:00 the clocks go to 03:00, so 02:00-02:59 never happens.
    let sunday: DateTime;
    let georgian: { id: string; auth: string };
    const at = (clock: string) => DateTime.fromISO(`${sunday.toISODate()}T${clock}`, { zone: 'Europe/Paris' }).toISO()!;
    before(async () => {
      let march = DateTime.now().setZone('Europe/Paris').set({ month: 3, day: 31 }).startOf('day');
      if (march < DateTime.now()) march = march.plus({ years: 1 });
      sunday = march.minus({ days: march.weekday % 7 });
      const created = await anInterpreter(w.agency.id, { languages: ['kat'], availability: [] });
      georgian = { id: created.id, auth: `Bearer ${await t.login(created.email)}` };
    });

    it('a dated slot at a time that day skips (02:30, and 02:00 itself) is refused, naming the end', async () => {
      for (const [from, to, field] of [['02:30', '05:00', 'from'], ['00:00', '02:00', 'to']]) {
        const res = await own(georgian).send({ exceptions: [{ date: sunday.toISODate(), slots: [{ from, to }] }] });
        expect(res.status, `${from}-${to}`).to.equal(400);
        expect(res.body.error.details).to.deep.include({ field: `exceptions.0.slots.0.${field}`, code: 'nonexistent_time', message: `${field === 'from' ? from : to} does not exist on ${sunday.toISODate()} in Europe/Paris (clocks go forward)` });
      }
      expect((await profileOf(georgian)).exceptions).to.deep.equal([]);
    });

    it('a dated slot 01:00-03:00 that day is one real hour: a request from 01:00 to 03:00 (60 minutes) fits, one at 03:00 does not', async () => {
      expect(at('01:00')).to.match(/\+01:00$/);
      expect(at('03:00')).to.match(/\+02:00$/);
      await own(georgian).send({ exceptions: [{ date: sunday.toISODate(), slots: [{ from: '01:00', to: '03:00' }] }] }).expect(200);
      expect(await eligible(at('01:00'), 'kat')).to.equal(1);
      expect(await eligible(at('03:00'), 'kat')).to.equal(0);
    });

    it('the weekly template may say 02:30 on Sundays: on that Sunday it is available from 03:00', async () => {
      await own(georgian).send({ availability: [{ weekday: 7, from: '02:30', to: '05:00' }], exceptions: [] }).expect(200);
      expect(await eligible(at('03:00'), 'kat')).to.equal(1);
      expect(await eligible(at('01:30'), 'kat')).to.equal(0);
      expect(await eligible(DateTime.fromISO(at('03:00')).plus({ weeks: 1 }).toISO()!, 'kat'), 'a week later, 03:00 is within 02:30-05:00 too').to.equal(1);
    });
  });
});
