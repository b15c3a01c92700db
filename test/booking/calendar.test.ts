import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { announceAssignment } from '../../server/booking/announce';
import { requests, toId } from '../../server/booking/store';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';
import { inviteOf, MAIL_FROM, senderTo, startSmtpSink, type ParsedInvite, type SmtpSink } from '../notify/support';

// Calendars stay right: every invitation is read back from the mail a real SMTP server received, with a
// real calendar parser (ical.js), as the recipient's calendar would read it.

interface Received {
  to: string[];
  subject: string;
  invite: ParsedInvite & { mimeMethod: string };
  raw: string;
}

describe('Calendar invitations follow the session: REQUEST, updates and CANCEL to whoever has it', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let sink: SmtpSink;
  let clock: TestClock;
  before(async () => {
    w = await bookingWorld(t, 6);
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    clock = new TestClock();
    // What earlier tests queued is sent and forgotten: each test reads the mails of what it does.
    await senderTo(sink.port, { now: clock.now }).runDue();
    sink.raw.length = 0;
  });

  const organizer = 'no-reply@sante.test';
  const uidOf = (requestId: string) => `request-${requestId}@sante-interpretes`;
  const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address ?? '') ?? []);
  /** Sends what is queued and returns the calendar mails about the request among what arrived. */
  const invitations = async (requestId: string): Promise<Received[]> => {
    sink.raw.length = 0;
    await senderTo(sink.port, { now: clock.now }).runDue();
    const received: Received[] = [];
    for (const mail of await sink.parsed()) {
      const invite = inviteOf(mail);
      if (invite?.uid !== uidOf(requestId)) continue;
      const raw = mail.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
      received.push({ to: to(mail), subject: mail.subject ?? '', invite, raw });
    }
    return received;
  };
  const forAddress = (received: Received[], email: string) => received.filter((r) => r.to.includes(email));
  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; start: string; end: string };
  };
  /** The first interpreter (but those named) whose offers page shows an offer of the request, and that offer. */
  const anyOffer = async (requestId: string, except: string[] = []) => {
    for (const interpreter of w.interpreters.filter((i) => !except.includes(i.id))) {
      const offerId = await offerOf(t, interpreter, requestId);
      if (offerId) return { interpreter, offerId };
    }
    throw new Error(`nobody holds an offer of ${requestId}`);
  };
  const acceptAnyOffer = async (requestId: string, except: string[] = []) => {
    const { interpreter, offerId } = await anyOffer(requestId, except);
    await t.http().post(`/api/offers/${offerId}/accept`).set('Authorization', interpreter.auth).expect(200);
    return interpreter;
  };
  // Each test on its own day, so that an interpreter a test left assigned is free for the next.
  let day = 10;
  const bookAndAssign = async (body: object = {}) => {
    day += 1;
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(day, '14:30'), durationMinutes: 45, ...body });
    await jobRunner(clock).runDue();
    const interpreter = await acceptAnyOffer(request.id);
    return { request, interpreter };
  };
  const cancel = (requestId: string) => t.http().post(`/api/requests/${requestId}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Rendez-vous déplacé' });
  const withdraw = (requestId: string, interpreter: { auth: string }) =>
    t.http().post(`/api/requests/${requestId}/withdraw`).set('Authorization', interpreter.auth).send({ reason: 'Empêchement' }).expect(200);

  /** One mail to `email` only, carrying an invitation from the platform to `email`, with METHOD and the MIME method both `method`. */
  const expectInvitation = (received: Received[], email: string, method: 'REQUEST' | 'CANCEL', sequence: number, requestId: string) => {
    const mine = forAddress(received, email);
    expect(mine, `${method} to ${email}`).to.have.length(1);
    const { invite, to: recipients } = mine[0]!;
    expect(recipients).to.deep.equal([email]);
    expect(invite).to.deep.include({ method, mimeMethod: method, uid: uidOf(requestId), sequence, status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED' });
    expect(invite.organizer.email).to.equal(organizer);
    expect(MAIL_FROM).to.include(`<${invite.organizer.email}>`);
    expect(invite.attendees.map((a) => a.email.toLowerCase())).to.deep.equal([email.toLowerCase()]);
    return invite;
  };

  it('an assignment sends the requester and the interpreter a REQUEST: the platform organizes, the recipient attends, SEQUENCE 0, UTC times, no patient field', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(6, '09:15'), durationMinutes: 45, patientRef: 'CAL-REF-7', notes: 'CAL-NOTE diabète' });
    await jobRunner(clock).runDue();
    const interpreter = await acceptAnyOffer(request.id);
    const received = await invitations(request.id);
    expect(received).to.have.length(2);
    const forRequester = expectInvitation(received, w.requester.email, 'REQUEST', 0, request.id);
    const forInterpreter = expectInvitation(received, interpreter.email, 'REQUEST', 0, request.id);
    for (const invite of [forRequester, forInterpreter]) {
      expect(invite.utc).to.equal(true);
      expect(invite.start.toISOString()).to.equal(new Date(request.start).toISOString());
      expect(invite.end.toISOString()).to.equal(new Date(request.end).toISOString());
      expect(invite.location).to.equal(null);
    }
    expect(forRequester.summary).to.include(interpreter.name);
    for (const { raw } of received) expect(raw).not.to.match(/CAL-REF|CAL-NOTE|diabète/);
  });

  it('a session with 10 minutes of exchange before and 5 after is in both calendars from the briefing to the debriefing', async () => {
    const { request, interpreter } = await bookAndAssign({ briefingMinutes: 10, debriefingMinutes: 5 });
    const received = await invitations(request.id);
    for (const email of [w.requester.email, interpreter.email]) {
      const invite = expectInvitation(received, email, 'REQUEST', 0, request.id);
      expect(invite.start.getTime()).to.equal(new Date(request.start).getTime() - 10 * 60_000);
      expect(invite.end.getTime()).to.equal(new Date(request.end).getTime() + 5 * 60_000);
    }
  });

  it('an on-site session puts its address in both REQUESTs, the only ones who go there or sent them there', async () => {
    const { request, interpreter } = await bookAndAssign({ modality: 'onsite', location: { address: '5 place d’Arsonval, Lyon', department: '69' }, patientRef: 'CAL-REF-8' });
    const received = await invitations(request.id);
    for (const email of [w.requester.email, interpreter.email]) {
      expect(expectInvitation(received, email, 'REQUEST', 0, request.id).location).to.equal('5 place d’Arsonval, Lyon');
    }
    for (const { raw } of received) expect(raw).not.to.include('CAL-REF');
  });

  it('the requester of a cancelled session receives a CANCEL with the REQUEST’s UID and a higher SEQUENCE, and so does the interpreter', async () => {
    const { request, interpreter } = await bookAndAssign();
    await invitations(request.id);
    await cancel(request.id).expect(200);
    const received = await invitations(request.id);
    expect(received).to.have.length(2);
    expectInvitation(received, w.requester.email, 'CANCEL', 1, request.id);
    expectInvitation(received, interpreter.email, 'CANCEL', 1, request.id);
    expect(forAddress(received, w.requester.email)[0]!.subject).to.match(/^Séance annulée/);
  });

  it('an open request nobody accepted is cancelled without any invitation: nobody had it in a calendar', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(7, '10:00'), durationMinutes: 30 });
    await jobRunner(clock).runDue();
    await cancel(request.id).expect(200);
    expect(await invitations(request.id)).to.deep.equal([]);
  });

  it('an interpreter who withdraws gets a CANCEL; whoever accepts next gets a REQUEST, the requester an updated one naming them, with the same UID and a higher SEQUENCE', async () => {
    const { request, interpreter: first } = await bookAndAssign();
    await invitations(request.id);
    await withdraw(request.id, first);
    const atWithdrawal = await invitations(request.id);
    expect(atWithdrawal).to.have.length(1);
    expectInvitation(atWithdrawal, first.email, 'CANCEL', 1, request.id);

    await jobRunner(clock).runDue();
    const second = await acceptAnyOffer(request.id, [first.id]);
    const atReassignment = await invitations(request.id);
    expect(atReassignment).to.have.length(2);
    expectInvitation(atReassignment, second.email, 'REQUEST', 2, request.id);
    const update = expectInvitation(atReassignment, w.requester.email, 'REQUEST', 2, request.id);
    expect(update.summary).to.include(second.name).and.not.to.include(first.name);
    expect(update.description).to.include(second.name);

    // The former interpreter no longer has it: a cancellation now goes to the two who do.
    await cancel(request.id).expect(200);
    const atCancellation = await invitations(request.id);
    expect(atCancellation.map((r) => r.to[0]).sort()).to.deep.equal([w.requester.email, second.email].sort());
    expectInvitation(atCancellation, w.requester.email, 'CANCEL', 3, request.id);
    expectInvitation(atCancellation, second.email, 'CANCEL', 3, request.id);
  });

  it('a dispatcher who assigns the same interpreter again after a withdrawal sends a new REQUEST: each change is sent once, under its own sequence', async () => {
    const { request, interpreter } = await bookAndAssign();
    await invitations(request.id);
    await withdraw(request.id, interpreter);
    await t.http().post(`/api/requests/${request.id}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: interpreter.id }).expect(200);
    const received = await invitations(request.id);
    expect(forAddress(received, interpreter.email).map((r) => [r.invite.method, r.invite.sequence])).to.deep.equal([['CANCEL', 1], ['REQUEST', 2]]);
    expectInvitation(received, w.requester.email, 'REQUEST', 2, request.id);
  });

  it('when nobody takes the session after a withdrawal, the requester’s calendar loses it too', async () => {
    const { request, interpreter } = await bookAndAssign();
    await withdraw(request.id, interpreter);
    await invitations(request.id);
    clock.set(new Date(new Date(request.start).getTime() + 60_000));
    await jobRunner(clock).runDue();
    expect((await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.requester.auth)).body.status).to.equal('unfilled');
    const received = await invitations(request.id);
    expect(received).to.have.length(1);
    expectInvitation(received, w.requester.email, 'CANCEL', 2, request.id);
  });

  it('a double click on accept or on cancel, or a retried announcement, sends each invitation once', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(8, '11:00'), durationMinutes: 30 });
    await jobRunner(clock).runDue();
    const { interpreter, offerId } = await anyOffer(request.id);
    const accept = () => t.http().post(`/api/offers/${offerId}/accept`).set('Authorization', interpreter.auth);
    expect((await Promise.all([accept(), accept()])).map((res) => res.status).sort()).to.deep.equal([200, 409]);
    await announceAssignment((await requests.findOne({ _id: toId(request.id) }))!, []);
    const assigned = await invitations(request.id);
    expect(assigned).to.have.length(2);
    expectInvitation(assigned, interpreter.email, 'REQUEST', 0, request.id);
    expectInvitation(assigned, w.requester.email, 'REQUEST', 0, request.id);

    expect((await Promise.all([cancel(request.id), cancel(request.id)])).map((res) => res.status).sort()).to.deep.equal([200, 409]);
    const cancelled = await invitations(request.id);
    expect(cancelled).to.have.length(2);
    expectInvitation(cancelled, interpreter.email, 'CANCEL', 1, request.id);
    expectInvitation(cancelled, w.requester.email, 'CANCEL', 1, request.id);
  });
});
