import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { useTestApp } from '../support/app';
import { bookingWorld, exported, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';
import { freePort, inviteOf, senderTo, startSmtpSink, type SmtpSink } from '../notify/support';

describe('E-mail for what must not be missed, through the outbox and a real SMTP server', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let sink: SmtpSink;
  let clock: TestClock;
  before(async () => {
    w = await bookingWorld(t, 4);
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    clock = new TestClock();
    await drain();
  });

  const deliver = async () => {
    await senderTo(sink.port, { now: clock.now }).runDue();
    return sink.parsed();
  };
  /** Sends what is queued and forgets it: the test reads only the mails of what it does next. */
  const drain = async () => {
    await deliver();
    sink.raw.length = 0;
  };
  const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);
  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; start: string };
  };
  type Interpreter = (typeof w.interpreters)[number];
  /** The interpreters holding an offer of the request, with its id, as their offers pages show it. */
  const offered = async (requestId: string) => {
    const held = await Promise.all(w.interpreters.map(async (interpreter) => ({ interpreter, offerId: await offerOf(t, interpreter, requestId) })));
    return held.filter((h): h is { interpreter: Interpreter; offerId: string } => h.offerId !== undefined);
  };
  const acceptFirstOffer = async (requestId: string) => {
    const [first] = await offered(requestId);
    expect(first, 'someone holds an offer').to.exist;
    await t.http().post(`/api/offers/${first!.offerId}/accept`).set('Authorization', first!.interpreter.auth).expect(200);
    return first!.interpreter;
  };

  it('a booked offer is mailed to each interpreter of the wave, without patient fields', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(5, '10:00'), durationMinutes: 60, patientRef: 'PX-31', notes: 'Suivi diabète' });
    await jobRunner(clock).runDue();
    const wave = (await offered(request.id)).map((h) => h.interpreter.email);
    expect(wave).to.have.length(3);
    const mails = await deliver();
    expect(mails.map((m) => to(m)[0]).sort()).to.deep.equal(wave.sort());
    for (const mail of mails) {
      expect(mail.subject).to.match(/^Nouvelle proposition : arabe/i);
      expect(`${mail.subject} ${mail.text}`).not.to.match(/PX-31|diabète/);
    }
  });

  it('an assignment is confirmed to the requester and the interpreter with a calendar invitation', async () => {
    const request = await book({ language: 'ara', modality: 'phone', start: parisIn(6, '14:30'), durationMinutes: 30, callbackPhone: '+33 4 72 00 11 22' });
    await jobRunner(clock).runDue();
    await drain();
    const interpreter = await acceptFirstOffer(request.id);
    const mails = await deliver();
    const forRequester = mails.find((m) => to(m).includes(w.requester.email))!;
    const forInterpreter = mails.find((m) => to(m).includes(interpreter.email))!;
    expect(forRequester.subject).to.match(/^Interprète confirmé·e/);
    // The session is held in the platform's call: the mail names the interpreter, never their personal number.
    expect(forRequester.text).to.include(interpreter.name).and.include('Rejoindre l’appel');
    expect(forRequester.text).not.to.include(interpreter.phone);
    expect(forInterpreter.text).to.include('Rejoindre l’appel');
    // Both read who calls whom if the call cannot be held.
    expect(forRequester.text).to.include('Si l’appel est impossible (pas de micro, coupure), l’interprète vous appelle au +33 4 72 00 11 22.');
    expect(forInterpreter.text).to.include('Si l’appel est impossible, appelez le +33 4 72 00 11 22.');
    expect(forInterpreter.subject).to.match(/^Séance confirmée/);
    for (const mail of [forRequester, forInterpreter]) {
      const invite = inviteOf(mail);
      expect(invite?.method).to.equal('REQUEST');
      expect(invite?.start.toISOString()).to.equal(new Date(request.start).toISOString());
    }
  });

  it('a cancellation tells the interpreter who had accepted, and the requester, each with a calendar cancellation and never the reason', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(7, '09:00'), durationMinutes: 45 });
    await jobRunner(clock).runDue();
    const interpreter = await acceptFirstOffer(request.id);
    await drain();
    await t.http().post(`/api/requests/${request.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient hospitalisé' }).expect(200);
    const mails = await deliver();
    expect(mails.map((m) => to(m)[0]).sort()).to.deep.equal([interpreter.email, w.requester.email].sort());
    for (const mail of mails) {
      expect(mail.subject).to.match(/^Séance annulée/);
      expect(inviteOf(mail)?.method).to.equal('CANCEL');
      expect(`${mail.text} ${mail.attachments[0]!.content.toString('utf8')}`).not.to.include('hospitalisé');
    }
  });

  it('an interpreter who withdraws: the requester is told a new search has started', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(8, '16:00'), durationMinutes: 60 });
    await jobRunner(clock).runDue();
    const interpreter = await acceptFirstOffer(request.id);
    await drain();
    await t.http().post(`/api/requests/${request.id}/withdraw`).set('Authorization', interpreter.auth).send({ reason: 'Empêchement' }).expect(200);
    const told = (await deliver()).filter((m) => to(m).includes(w.requester.email));
    expect(told.map((m) => m.subject)).to.have.length(1);
    expect(told[0]!.subject).to.match(/^Interprète désisté·e, nouvelle recherche/);
  });

  it('the day before, both sides get a reminder, once', async () => {
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(4, '11:00'), durationMinutes: 60 });
    const runner = jobRunner(clock);
    await runner.runDue();
    const interpreter = await acceptFirstOffer(request.id);
    await drain();
    clock.set(new Date(new Date(request.start).getTime() - 24 * 3600_000 + 1000));
    await runner.runDue();
    await runner.runDue();
    // Other tests' open requests move on too when the clock jumps: only reminders are counted here.
    const reminders = (await deliver()).filter((m) => /^Rappel/.test(m.subject ?? ''));
    expect(reminders).to.have.length(1);
    expect(to(reminders[0]!).sort()).to.deep.equal([w.requester.email, interpreter.email].sort());
  });

  it('an unfilled "now" request tells the requester', async () => {
    const request = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 20 });
    const runner = jobRunner(clock);
    await runner.runDue();
    for (let i = 0; i < 3; i += 1) {
      clock.advance(2);
      await runner.runDue();
    }
    const mails = (await deliver()).filter((m) => to(m).includes(w.requester.email));
    expect(mails.map((m) => m.subject)).to.have.length(1);
    expect(mails[0]!.subject).to.match(/^Aucun·e interprète disponible/);
    expect((await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.requester.auth)).body.status).to.equal('unfilled');
  });

  it('with the SMTP server down for an hour, every booking mail arrives once it is back', async () => {
    const port = await freePort();
    const request = await book({ language: 'ara', modality: 'video', start: parisIn(9, '15:00'), durationMinutes: 60 });
    await jobRunner(clock).runDue();
    await acceptFirstOffer(request.id);
    // The offers of the wave and both confirmations, as the request's export lists them.
    const queued = (await exported(t, request.id, w.requester.auth)).mails.filter((m: { status: string }) => m.status === 'pending').length;
    expect(queued).to.be.at.least(4);
    const sender = senderTo(port, { now: clock.now });
    for (let minute = 0; minute < 60; minute += 10) {
      expect(await sender.runDue()).to.equal(0);
      clock.advance(10);
    }
    const back = await startSmtpSink({ port });
    try {
      clock.advance(20);
      await sender.runDue();
      await sender.runDue();
      const ids = (await back.parsed()).map((m) => m.messageId);
      expect(ids).to.have.length(queued);
      expect(new Set(ids).size).to.equal(queued);
      const { mails } = await exported(t, request.id, w.requester.auth);
      expect(mails.map((m: { status: string }) => m.status)).to.deep.equal(Array(queued).fill('sent'));
    } finally {
      await back.close();
    }
  });
});
