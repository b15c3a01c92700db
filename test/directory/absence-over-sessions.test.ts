import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { aUser } from '../support/fixtures';
import { recipients as to, useInbox } from '../support/mail';

// An absence (or any profile change) over a confirmed session is never saved silently: the interpreter is
// shown the sessions it would drop; confirming withdraws from them by the withdrawal rules.

const parisDate = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
/** Whole days off, as the availability page writes an absence "du … au …". */
const absentFrom = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => ({ date: parisDate(first + i), slots: [] }));

describe('An absence over a confirmed session', () => {
  const t = useTestApp();
  const inbox = useInbox(t);
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let admin: string;
  before(async () => {
    w = await bookingWorld(t, 4);
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
  });

  const book = async (start: string, modality = 'video') => {
    const body = { language: 'ara', modality, start, durationMinutes: 60, ...(modality === 'onsite' ? { location: { address: '5 place d’Arsonval, Lyon', department: '69' } } : {}) };
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const read = async (id: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', w.requester.auth)).body;
  const own = (who: { auth: string }) => t.http().patch('/api/interpreters/me').set('Authorization', who.auth);
  const exceptionsOf = async (who: { auth: string }) => (await t.http().get('/api/interpreters/me').set('Authorization', who.auth)).body.exceptions;
  const lateWithdrawalsOf = async (id: string) =>
    ((await t.http().get('/api/ratings').set('Authorization', w.dispatcher.auth)).body.interpreters as Array<{ interpreterId: string; lateWithdrawals: number }>).find((i) => i.interpreterId === id)!.lateWithdrawals;

  it('an absence over a confirmed session is refused with 409 sessions_during_absence listing it, and nothing is written', async () => {
    // The pilot's example: 14-18 December declared while holding a confirmed on-site session on the 15th.
    const holder = w.interpreters[0]!;
    const id = await book(parisIn(11, '10:00'), 'onsite');
    await acceptedBy(t, id, holder);
    const res = await own(holder).send({ exceptions: absentFrom(10, 14) });
    expect(res.status, JSON.stringify(res.body)).to.equal(409);
    expect(res.body.error.code).to.equal('sessions_during_absence');
    expect(res.body.error.details).to.have.length(1);
    expect(res.body.error.details[0]).to.deep.include({ field: 'sessions.0', code: 'withdrawal' });
    expect(res.body.error.details[0].session).to.deep.equal({ requestId: id, start: new Date(parisIn(11, '10:00')).toISOString(), end: new Date(DateTime.fromISO(parisIn(11, '11:00')).toMillis()).toISOString(), language: 'ara', modality: 'onsite', late: false });
    expect(await exceptionsOf(holder)).to.deep.equal([]);
    expect((await read(id)).status).to.equal('assigned');
  });

  it('confirmed, the absence is saved and the interpreter withdrawn: reopened at once, offered to others, the requester and the agency told', async () => {
    const holder = w.interpreters[1]!;
    const id = await book(parisIn(12, '14:00'));
    await acceptedBy(t, id, holder);
    const before = await lateWithdrawalsOf(holder.id);
    const res = await own(holder).send({ exceptions: absentFrom(12, 12), confirmWithdrawals: true });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.exceptions).to.deep.equal(absentFrom(12, 12));
    expect(res.body).not.to.have.property('confirmWithdrawals');
    const reopened = await read(id);
    expect(reopened.status).to.equal('open');
    expect(reopened.interpreter ?? null).to.equal(null);
    expect(await lateWithdrawalsOf(holder.id), 'twelve days ahead is not late').to.equal(before);
    await jobRunner(new TestClock()).runDue();
    const offers = await Promise.all(w.interpreters.map(async (i) => ((await t.http().get('/api/offers').set('Authorization', i.auth)).body as Array<{ requestId: string }>).some((o) => o.requestId === id)));
    expect(offers[1], 'never to the one who withdrew').to.equal(false);
    expect(offers.filter(Boolean).length).to.be.greaterThan(0);
    const mails = await inbox.about(id, w.requester.auth);
    const subjectsTo = (email: string) => mails.filter((m) => to(m).includes(email)).map((m) => m.subject ?? '');
    expect(subjectsTo(w.requester.email).some((s) => s.startsWith('Interprète désisté·e, nouvelle recherche'))).to.equal(true);
    expect(subjectsTo(w.dispatcher.email).some((s) => s.startsWith(`Désistement de ${holder.name}`))).to.equal(true);
  });

  it('a session under 48 hours away is withdrawn late, in the interpreter’s record', async () => {
    const holder = w.interpreters[2]!;
    const id = await book(new Date(Date.now() + 30 * 3600_000).toISOString());
    await acceptedBy(t, id, holder);
    const tomorrow = DateTime.now().plus({ hours: 30 }).setZone('Europe/Paris').toISODate()!;
    const refused = await own(holder).send({ exceptions: [{ date: tomorrow, slots: [] }] });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.details[0]).to.deep.include({ code: 'late_withdrawal' });
    expect(refused.body.error.details[0].session.late).to.equal(true);
    const before = await lateWithdrawalsOf(holder.id);
    expect((await own(holder).send({ exceptions: [{ date: tomorrow, slots: [] }], confirmWithdrawals: true })).status).to.equal(200);
    expect(await lateWithdrawalsOf(holder.id)).to.equal(before + 1);
    const mails = await inbox.about(id, w.requester.auth);
    expect(mails.some((m) => to(m).includes(w.dispatcher.email) && (m.subject ?? '').startsWith('Désistement tardif'))).to.equal(true);
  });

  it('an absence on other days, a contact detail, or a day taken away that leaves the session: saved at once, the session kept', async () => {
    const holder = w.interpreters[3]!;
    const id = await book(parisIn(15, '09:00'));
    await acceptedBy(t, id, holder);
    expect((await own(holder).send({ exceptions: absentFrom(16, 18) })).status).to.equal(200);
    expect((await own(holder).send({ phone: '+33 6 12 34 56 78' })).status).to.equal(200);
    const weekday = DateTime.fromISO(parisIn(15, '09:00')).weekday;
    const availability = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ weekday: day, from: day === weekday ? '08:00' : '00:00', to: '24:00' }));
    expect((await own(holder).send({ availability })).status).to.equal(200);
    expect((await read(id)).status).to.equal('assigned');
    // The same day from 10:00 only: the 09:00 session is dropped.
    const later = availability.map((slot) => (slot.weekday === weekday ? { ...slot, from: '10:00' } : slot));
    expect((await own(holder).send({ availability: later })).body.error.code).to.equal('sessions_during_absence');
  });

  it('a dispatcher changing the availability, an admin removing a modality or deactivating: the same rule', async () => {
    const holder = w.interpreters[3]!;
    const id = (await read((await t.http().get('/api/requests?status=assigned&limit=1000').set('Authorization', holder.auth)).body[0].id)).id as string;
    const day = DateTime.fromISO((await read(id)).start).setZone('Europe/Paris').toISODate()!;
    const byDispatcher = await t.http().patch(`/api/interpreters/${holder.id}/availability`).set('Authorization', w.dispatcher.auth).send({ exceptions: [{ date: day, slots: [] }] });
    expect(byDispatcher.status).to.equal(409);
    expect(byDispatcher.body.error.details[0].session.requestId).to.equal(id);
    const byAdmin = await t.http().patch(`/api/interpreters/${holder.id}`).set('Authorization', admin).send({ modalities: ['phone'] });
    expect(byAdmin.body.error.code).to.equal('sessions_during_absence');
    const deactivate = await t.http().delete(`/api/interpreters/${holder.id}`).set('Authorization', admin);
    expect(deactivate.body.error.code).to.equal('sessions_during_absence');
    expect((await read(id)).status).to.equal('assigned');
    const confirmed = await t.http().delete(`/api/interpreters/${holder.id}?confirmWithdrawals=true`).set('Authorization', admin);
    expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);
    expect(confirmed.body.active).to.equal(false);
    expect((await read(id)).status).to.equal('open');
  });
});
