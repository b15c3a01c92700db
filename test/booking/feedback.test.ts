import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { recipients, useInbox } from '../support/mail';

describe('Ratings, exclusions and problems reported after a session', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const inbox = useInbox(t);
  before(async () => {
    w = await bookingWorld(t, 3);
  });
  const post = (path: string, auth: string, body: object = {}) => t.http().post(path).set('Authorization', auth).send(body);
  /** A session asked for now, taken by the given interpreter from their offers page, completed. */
  const completedBy = async (index: number) => {
    const res = await post('/api/requests', w.requester.auth, { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const interpreter = w.interpreters[index]!;
    await acceptedBy(t, res.body.id, interpreter);
    await post(`/api/requests/${res.body.id}/complete`, interpreter.auth, { actualMinutes: 15, outcome: 'done', heldByCallback: true }).expect(200);
    return res.body.id as string;
  };

  it('a confirmed session is rated once; the agency sees the interpreter’s average, the auditors aggregates only', async () => {
    const id = await completedBy(0);
    const early = await post(`/api/requests/${id}/feedback`, w.requester.auth, { rating: 4 });
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('not_confirmed');
    await post(`/api/requests/${id}/confirm`, w.requester.auth).expect(200);
    const rated = await post(`/api/requests/${id}/feedback`, w.requester.auth, { rating: 4, comment: 'Très clair avec le patient.' });
    expect(rated.status, JSON.stringify(rated.body)).to.equal(200);
    expect(rated.body.feedback).to.deep.equal({ rating: 4, comment: 'Très clair avec le patient.', doNotSendAgain: false });
    expect((await post(`/api/requests/${id}/feedback`, w.requester.auth, { rating: 1 })).status, 'twice').to.equal(409);
    expect((await post(`/api/requests/${id}/feedback`, w.requester.auth, { rating: 6 })).status).to.equal(400);

    const agency = (await t.http().get('/api/ratings').set('Authorization', w.dispatcher.auth)).body as { interpreters: Array<{ interpreterId: string; ratings: number; averageRating: number | null }> };
    expect(agency.interpreters.find((i) => i.interpreterId === w.interpreters[0]!.id)).to.include({ ratings: 1, averageRating: 4 });
    const region = (await t.http().get('/api/ratings').set('Authorization', w.auditor.auth)).body as Record<string, unknown>;
    expect(Object.keys(region).sort()).to.deep.equal(['agencies', 'region']);
    expect(JSON.stringify(region)).to.not.contain(w.interpreters[0]!.id);
    expect(region.region).to.include({ ratings: 1, averageRating: 4 });
    // The comment stays with the structure: the agency's view of the request does not carry it.
    expect((await t.http().get(`/api/requests/${id}`).set('Authorization', w.dispatcher.auth)).body.feedback).to.equal(undefined);
    expect((await t.http().get('/api/ratings').set('Authorization', w.requester.auth)).status).to.equal(403);
  });

  it('"never send again" keeps the interpreter from that structure’s next request, with its reason, and not from another structure’s', async () => {
    const id = await completedBy(1);
    await post(`/api/requests/${id}/confirm`, w.requester.auth).expect(200);
    await post(`/api/requests/${id}/feedback`, w.requester.auth, { rating: 1, doNotSendAgain: true }).expect(200);
    const runner = jobRunner(new TestClock());
    const ours = (await post('/api/requests', w.requester.auth, { language: 'ara', modality: 'video', start: parisIn(5, '09:00'), durationMinutes: 30 })).body as { id: string; coverage: { eligible: number } };
    const theirs = (await post('/api/requests', w.otherRequester.auth, { language: 'ara', modality: 'video', start: parisIn(5, '14:00'), durationMinutes: 30 })).body as { id: string; coverage: { eligible: number } };
    expect(ours.coverage.eligible).to.equal(2);
    expect(theirs.coverage.eligible).to.equal(3);
    await runner.runDue();
    const offered = ((await t.http().get('/api/offers').set('Authorization', w.interpreters[1]!.auth)).body as Array<{ requestId: string }>).map((o) => o.requestId);
    expect(offered).to.not.include(ours.id);
    expect(offered).to.include(theirs.id);
    const candidates = (await t.http().get(`/api/requests/${ours.id}/candidates`).set('Authorization', w.dispatcher.auth)).body as { unavailable: Array<{ interpreterId: string; reasons: string[] }> };
    expect(candidates.unavailable.find((u) => u.interpreterId === w.interpreters[1]!.id)?.reasons).to.deep.equal(['La structure ne souhaite plus travailler avec cet·te interprète']);
  });

  it('the interpreter reports a problem; the agency’s dispatchers are told the kind, never the words', async () => {
    const id = await completedBy(2);
    expect((await post(`/api/requests/${id}/problem`, w.requester.auth, { kind: 'unsafe_setting' })).status).to.equal(403);
    expect((await post(`/api/requests/${id}/problem`, w.interpreters[0]!.auth, { kind: 'unsafe_setting' })).status).to.equal(404);
    const res = await post(`/api/requests/${id}/problem`, w.interpreters[2]!.auth, { kind: 'unsafe_setting', comment: 'Salle d’attente agitée, pas de bureau fermé.' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.problem).to.include({ kind: 'unsafe_setting', comment: 'Salle d’attente agitée, pas de bureau fermé.' });
    const mails = (await inbox.about(id, w.requester.auth)).filter((m) => /^Problème signalé/.test(m.subject ?? ''));
    expect(mails).to.have.length(1);
    expect(recipients(mails[0]!)).to.deep.equal([w.dispatcher.email]);
    expect(mails[0]!.text).to.contain('cadre non sécurisé').and.not.contain('Salle d’attente');
  });
});
