import { expect } from 'chai';
import { entriesOfRequest } from '../../server/billing/ledger';
import { erasePatientData } from '../../server/booking/retention';
import { requests, toId } from '../../server/booking/store';
import { markOffline, markOnline } from '../../server/notify/presence';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, parisIn } from '../support/booking';
import { aUser } from '../support/fixtures';

describe('Data protection: everything stored about one request, exported', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let admin: string;
  let completed: string;
  let cancelled: string;
  let booked: string;
  let interpreter: { id: string; auth: string };

  const book = async (body: object, key?: string) => {
    const req = t.http().post('/api/requests').set('Authorization', w.requester.auth);
    const res = await (key ? req.set('Idempotency-Key', key) : req).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const exportOf = (id: string, auth: string) => t.http().get(`/api/requests/${id}/export`).set('Authorization', auth);

  before(async () => {
    w = await bookingWorld(t, 2);
    const adminUser = await aUser('admin');
    admin = `Bearer ${await t.login(adminUser.email)}`;
    interpreter = w.interpreters[0]!;
    completed = await book({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30, patientRef: 'EXP-REF-1', notes: 'Suivi EXP-NOTE' }, 'export-key');
    // Online alone, the interpreter is the only one the first wave of a "now" request reaches.
    await markOnline('export-socket', interpreter.id);
    await acceptedBy(t, completed, interpreter);
    await markOffline('export-socket');
    await t.http().post(`/api/requests/${completed}/complete`).set('Authorization', interpreter.auth).send({ actualMinutes: 20, outcome: 'done', heldByCallback: true }).expect(200);
    cancelled = await book({ language: 'ara', modality: 'onsite', start: parisIn(4, '09:00'), durationMinutes: 60, patientRef: 'EXP-REF-2', location: { address: '3 rue EXP-ADDRESS', department: '69' } });
    await acceptedBy(t, cancelled, w.interpreters[1]!);
    await t.http().post(`/api/requests/${cancelled}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Mme EXP-REASON hospitalisée' }).expect(200);
    booked = await book({ language: 'ara', modality: 'video', start: parisIn(6, '10:00'), durationMinutes: 45 });
  });

  it('the structure gets the request as stored, its offers, its ledger entries and its history', async () => {
    const res = await exportOf(completed, w.requester.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    // What the structure sees of the request, and its version as stored (no view shows it).
    const view = (await t.http().get(`/api/requests/${completed}`).set('Authorization', w.requester.auth)).body;
    const { version } = (await requests.findOne({ _id: toId(completed) }))!;
    expect(res.body.patientFields).to.equal('included');
    expect(res.body.request).to.include({
      id: completed, structureId: w.structure.id, requesterId: w.requester.id, status: 'completed', patientRef: 'EXP-REF-1', notes: 'Suivi EXP-NOTE',
      start: view.start, end: view.end, interpreterId: interpreter.id, costCents: view.costCents, version,
    });
    expect(view.costCents).to.be.greaterThan(0);
    expect(res.body.request.completion).to.deep.equal({ at: view.completion.at, actualMinutes: 20, outcome: 'done', heldByCallback: true });
    expect(res.body.request).not.to.have.property('__v');
    // Who has the session in their calendar, by role and id: like mails, never the addresses.
    expect(res.body.request.calendarAttendees).to.deep.equal([{ role: 'requester', userId: w.requester.id }, { role: 'interpreter', userId: interpreter.id }]);
    expect(JSON.stringify(res.body.request)).not.to.include('@');

    expect(res.body.offers).to.have.length(1);
    expect(res.body.offers[0]).to.include({ interpreterId: interpreter.id, status: 'accepted', wave: 1 });
    expect(res.body.offers[0].closedAt).to.be.a('string');

    const entries = await entriesOfRequest(completed);
    expect(res.body.ledger.map((e: { kind: string }) => e.kind)).to.deep.equal(['commitment', 'session']);
    expect(res.body.ledger.map((e: { id: string; costCents: number }) => [e.id, e.costCents])).to.deep.equal(entries.map((e) => [e._id, e.costCents]));
    expect(res.body.ledger[1]).to.include({ structureId: w.structure.id, interpreterId: interpreter.id, sessions: 1, workedMinutes: 20, at: entries[1]!.at.toISOString() });

    expect(res.body.history.map((h: { event: string }) => h.event)).to.include.members(['assign', 'complete']);
    expect(res.body.history.find((h: { event: string }) => h.event === 'complete')).to.include({ byRole: 'interpreter', interpreterId: interpreter.id });
    // A call session frees the interpreter's slot when it is completed: no hold is left to export.
    expect(res.body.agendaHold).to.equal(null);
    expect(res.body.idempotencyKeys).to.deep.equal([{ key: 'export-key', createdAt: res.body.idempotencyKeys[0].createdAt }]);
  });

  it('mail about the request is listed by kind, subject, number of recipients and delivery, never addresses nor text', async () => {
    const res = await exportOf(cancelled, w.requester.auth);
    const kinds = res.body.mails.map((m: { kind: string }) => m.kind);
    expect(kinds).to.include.members(['assigned', 'cancelled']);
    const cancellation = res.body.mails.find((m: { kind: string }) => m.kind === 'cancelled');
    expect(cancellation).to.include({ recipients: 1, calendar: 'CANCEL', status: 'pending', attempts: 0 });
    expect(cancellation.subject).to.match(/^Séance annulée/);
    expect(Object.keys(cancellation).sort()).to.deep.equal(['attempts', 'calendar', 'createdAt', 'kind', 'recipients', 'sentAt', 'status', 'subject']);
    expect(JSON.stringify(res.body.mails)).not.to.include('@');
  });

  it('the jobs still planned for an open request are listed by kind, status and time', async () => {
    const res = await exportOf(booked, w.requester.auth);
    const kinds = res.body.jobs.map((j: { kind: string }) => j.kind);
    expect(kinds).to.include.members(['dispatch.wave', 'dispatch.atRisk', 'dispatch.deadline']);
    const deadline = res.body.jobs.find((j: { kind: string }) => j.kind === 'dispatch.deadline');
    expect(deadline).to.deep.equal({ kind: 'dispatch.deadline', status: 'pending', runAt: res.body.request.start, attempts: 0, createdAt: deadline.createdAt });
    expect(res.body.ledger).to.deep.equal([]);
  });

  it('auditors and admins get the export without patient fields', async () => {
    for (const auth of [w.auditor.auth, admin]) {
      const res = await exportOf(cancelled, auth);
      expect(res.status).to.equal(200);
      expect(res.body.patientFields).to.equal('withheld');
      expect(res.body.request).to.include({ id: cancelled, status: 'cancelled', modality: 'onsite' });
      expect(res.body.request.location).to.deep.equal({ department: '69' });
      expect(res.body.request.cancellation).to.include({ byRole: 'requester' }).and.not.to.have.property('reason');
      expect(res.body.ledger.length).to.be.greaterThan(0);
      expect(JSON.stringify(res.body)).not.to.match(/EXP-REF|EXP-NOTE|EXP-ADDRESS|EXP-REASON/);
    }
  });

  it('another structure’s request, or one that does not exist, is a 404', async () => {
    expect((await exportOf(completed, w.otherRequester.auth)).status).to.equal(404);
    expect((await exportOf('0123456789abcdef01234567', w.requester.auth)).status).to.equal(404);
    expect((await exportOf('not-an-id', w.requester.auth)).status).to.equal(404);
  });

  it('interpreters and dispatchers may not export, even a request they worked on (403); nobody logged out may', async () => {
    expect((await exportOf(completed, interpreter.auth)).status).to.equal(403);
    expect((await exportOf(completed, w.dispatcher.auth)).status).to.equal(403);
    expect((await t.http().get(`/api/requests/${completed}/export`)).status).to.equal(401);
  });

  it('after the retention period the export shows when the patient fields were erased, with the same ledger entries', async () => {
    const before = (await exportOf(completed, w.requester.auth)).body;
    const at = new Date(Date.now() + 366 * 86_400_000);
    await erasePatientData(at, 365);
    const after = (await exportOf(completed, w.requester.auth)).body;
    expect(after.request.erasedAt).to.equal(at.toISOString());
    expect(after.request).not.to.have.any.keys('patientRef', 'notes');
    expect(after.ledger).to.deep.equal(before.ledger);
    expect(after.offers).to.deep.equal(before.offers);
    expect(after.request.version).to.equal(before.request.version);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.body.paths['/api/requests/{id}/export'].get.tags).to.deep.equal(['booking']);
  });
});
