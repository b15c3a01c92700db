import { expect } from 'chai';
import { DateTime } from 'luxon';
import { reconfirmationDeadline } from '../../server/booking/reconfirmation';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { aUser } from '../support/fixtures';
import { recipients, useInbox } from '../support/mail';

const paris = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toJSDate();
const utc = (date: Date) => date.toISOString();

describe('Reconfirmation the day before, and withdrawals', () => {
  describe('the deadline (pure)', () => {
    const booked = (start: string, createdAt: string) => reconfirmationDeadline({ start: paris(start), createdAt: paris(createdAt) });

    it('is 18:00 Paris the day before, across the spring daylight-saving change too', () => {
      expect(utc(booked('2026-12-08T10:00', '2026-12-01T09:00'))).to.equal('2026-12-07T17:00:00.000Z');
      // 29 March 2026, 02:00 → 03:00: a Monday session's eve is in summer time, a Sunday session's in winter time.
      expect(utc(booked('2026-03-30T10:00', '2026-03-20T09:00'))).to.equal('2026-03-29T16:00:00.000Z');
      expect(utc(booked('2026-03-29T10:00', '2026-03-20T09:00'))).to.equal('2026-03-28T17:00:00.000Z');
    });

    it('leaves at least 2 hours after the day-before ask for an evening session', () => {
      expect(utc(booked('2026-12-08T20:00', '2026-12-01T09:00'))).to.equal('2026-12-07T21:00:00.000Z');
    });

    it('is 2 hours before the start for a request booked less than a day ahead', () => {
      expect(utc(booked('2026-12-08T15:00', '2026-12-08T07:00'))).to.equal('2026-12-08T12:00:00.000Z');
    });
  });

  describe('through the API', () => {
    const t = useTestApp();
    let w: Awaited<ReturnType<typeof bookingWorld>>;
    let admin: string;
    const inbox = useInbox(t);
    before(async () => {
      w = await bookingWorld(t, 4);
      admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    });
    const book = async (start: string) => {
      const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start, durationMinutes: 60 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body as { id: string; start: string };
    };
    const acceptBy = async (index: number, requestId: string) => {
      const interpreter = w.interpreters[index]!;
      const offer = ((await t.http().get('/api/offers').set('Authorization', interpreter.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === requestId);
      expect(offer, 'offered').to.not.equal(undefined);
      await t.http().post(`/api/offers/${offer!.id}/accept`).set('Authorization', interpreter.auth).expect(200);
    };
    const view = async (id: string, auth = w.dispatcher.auth) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).body as { atRisk?: boolean; reconfirmedAt?: string | null; status: string };
    /** The mails about the request with such a subject, sent at the clock's time and received. */
    const mails = async (id: string, subject: RegExp, clock: TestClock) => (await inbox.about(id, w.requester.auth, { now: clock.now })).filter((m) => subject.test(m.subject ?? ''));

    it('not reconfirmed by the deadline: at risk, the agency’s dispatchers alerted once; reconfirming clears it', async () => {
      const clock = new TestClock();
      const runner = jobRunner(clock);
      const request = await book(parisIn(3, '10:00'));
      await runner.runDue();
      await acceptBy(0, request.id);
      expect((await view(request.id)).reconfirmedAt).to.equal(null);

      clock.set(new Date(new Date(request.start).getTime() - 24 * 3600_000 + 60_000));
      await runner.runDue();
      const asked = await mails(request.id, /^À reconfirmer/, clock);
      expect(asked.map(recipients)).to.deep.equal([[w.interpreters[0]!.email]]);
      expect((await view(request.id)).atRisk).to.equal(undefined);

      clock.set(new Date(reconfirmationDeadline({ start: new Date(request.start), createdAt: new Date() }).getTime() + 60_000));
      await runner.runDue();
      await runner.runDue();
      expect((await view(request.id)).atRisk).to.equal(true);
      const alerts = await mails(request.id, /^Séance non reconfirmée/, clock);
      expect(alerts).to.have.length(1);
      expect(recipients(alerts[0]!)).to.deep.equal([w.dispatcher.email]);

      const done = await t.http().post(`/api/requests/${request.id}/reconfirm`).set('Authorization', w.interpreters[0]!.auth);
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      expect((await view(request.id)).atRisk).to.equal(undefined);
      expect((await t.http().post(`/api/requests/${request.id}/reconfirm`).set('Authorization', w.interpreters[0]!.auth)).status, 'again').to.equal(200);
      expect((await t.http().post(`/api/requests/${request.id}/reconfirm`).set('Authorization', w.interpreters[1]!.auth)).status, 'not theirs').to.equal(404);
    });

    it('reconfirmed in time: nobody is alerted', async () => {
      const clock = new TestClock();
      const runner = jobRunner(clock);
      const request = await book(parisIn(4, '11:00'));
      await runner.runDue();
      await acceptBy(1, request.id);
      await t.http().post(`/api/requests/${request.id}/reconfirm`).set('Authorization', w.interpreters[1]!.auth).expect(200);
      clock.set(new Date(new Date(request.start).getTime() - 60_000));
      await runner.runDue();
      expect(await mails(request.id, /^(Séance non reconfirmée|À reconfirmer)/, clock)).to.have.length(0);
      expect((await view(request.id)).atRisk).to.equal(undefined);
    });

    it('accepting an offer less than a day ahead counts as reconfirming', async () => {
      const clock = new TestClock();
      const request = await book(new Date(Date.now() + 6 * 3600_000).toISOString());
      await jobRunner(clock).runDue();
      await acceptBy(2, request.id);
      expect((await view(request.id)).reconfirmedAt).to.be.a('string');
    });

    it('a withdrawal less than 48 hours before is late, in the interpreter’s record; the interpreter is never offered it again', async () => {
      const clock = new TestClock();
      const runner = jobRunner(clock);
      const request = await book(parisIn(1, '16:00'));
      await runner.runDue();
      await acceptBy(3, request.id);
      const withdrawn = await t.http().post(`/api/requests/${request.id}/withdraw`).set('Authorization', w.interpreters[3]!.auth).send({ reason: 'Empêchement' });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(200);
      const record = (await t.http().get(`/api/interpreters/${w.interpreters[3]!.id}`).set('Authorization', admin)).body as { record: { lateWithdrawals: number } };
      expect(record.record.lateWithdrawals).to.equal(1);
      for (let i = 0; i < 4; i += 1) {
        clock.advance(61);
        await runner.runDue();
      }
      const offers = (await t.http().get('/api/offers').set('Authorization', w.interpreters[3]!.auth)).body as Array<{ requestId: string }>;
      expect(offers.some((o) => o.requestId === request.id), 'offered again').to.equal(false);
      const candidates = (await t.http().get(`/api/requests/${request.id}/candidates`).set('Authorization', w.dispatcher.auth)).body as { candidates: Array<{ interpreterId: string }>; unavailable: Array<{ interpreterId: string; reasons: string[] }> };
      expect(candidates.candidates.map((c) => c.interpreterId)).to.not.include(w.interpreters[3]!.id);
      expect(candidates.unavailable.find((u) => u.interpreterId === w.interpreters[3]!.id)?.reasons).to.deep.equal(['S’est désisté·e de cette demande']);
    });
  });
});
