import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';

describe('Requests: booking an interpreter', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 2);
  });
  const post = (body: object, auth = w.requester.auth) => t.http().post('/api/requests').set('Authorization', auth).send(body);
  /** Every request the structure's requester sees, through the list's cursor. */
  const visible = async (auth = w.requester.auth) => {
    const all: { id: string; patientRef?: string }[] = [];
    for (let before: string | undefined; ;) {
      const page = (await t.http().get(`/api/requests?limit=1000${before ? `&before=${before}` : ''}`).set('Authorization', auth)).body as { id: string; patientRef?: string }[];
      all.push(...page);
      if (page.length < 1000) return all;
      before = page.at(-1)!.id;
    }
  };
  const withPatientRef = async (ref: string, auth?: string) => (await visible(auth)).filter((r) => r.patientRef === ref).length;
  const booked = (overrides: object = {}) => ({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60, ...overrides });

  it('a phone request for right now is created open, in the caller’s structure', async () => {
    const res = await post({ language: 'prs', modality: 'phone', start: 'now', durationMinutes: 30, patientRef: 'AB-12' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ status: 'open', language: 'prs', modality: 'phone', immediate: true, structureId: w.structure.id, patientRef: 'AB-12' });
    expect(new Date(res.body.start).getTime()).to.be.closeTo(Date.now(), 10_000);
    expect(new Date(res.body.end).getTime() - new Date(res.body.start).getTime()).to.equal(30 * 60_000);
  });

  it('the structure comes from the login, never from the body', async () => {
    const res = await post({ ...booked(), structureId: w.otherStructure.id });
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0]).to.include({ field: 'structureId', code: 'unknown_field' });
  });

  it('books video and on-site sessions ahead, with specialty, gender and address', async () => {
    const res = await post(booked({ modality: 'onsite', specialty: 'mental_health', interpreterGender: 'female', location: { address: '5 place d’Arsonval, Lyon', department: '69' } }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ modality: 'onsite', specialty: 'mental_health', interpreterGender: 'female', department: '69' });
    expect(res.body.location).to.deep.equal({ address: '5 place d’Arsonval, Lyon', department: '69' });
  });

  const refusals: [string, object, string][] = [
    ['sign language by phone', { language: 'fsl', modality: 'phone', start: 'now', durationMinutes: 30 }, 'modality_not_allowed'],
    ['"now" for a video session', { language: 'ara', modality: 'video', start: 'now', durationMinutes: 30 }, 'now_phone_only'],
    ['a start in the past', { language: 'ara', modality: 'video', start: '2020-01-06T10:00:00+01:00', durationMinutes: 30 }, 'start_in_past'],
    ['an on-site request without an address', { language: 'ara', modality: 'onsite', start: parisIn(2, '09:00'), durationMinutes: 60 }, 'location_required'],
    ['an address for a phone request', { language: 'ara', modality: 'phone', start: parisIn(2, '09:00'), durationMinutes: 60, location: { address: '1 rue de la Paix', department: '69' } }, 'location_not_needed'],
    ['a repeating "now" request', { language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30, recurrence: { every: 'week', count: 3 } }, 'now_not_recurring'],
  ];
  for (const [rule, body, code] of refusals) {
    it(`refuses ${rule} with a 422 and writes nothing`, async () => {
      const before = (await visible()).length;
      const res = await post(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(422);
      expect(res.body.error.code).to.equal(code);
      expect(res.body.error.message).to.be.a('string').and.not.empty;
      expect((await visible()).length).to.equal(before);
    });
  }

  it('refuses a duration outside 15 to 480 minutes, a time without offset and an unknown language (400)', async () => {
    expect((await post(booked({ durationMinutes: 10 }))).status).to.equal(400);
    expect((await post(booked({ durationMinutes: 481 }))).status).to.equal(400);
    expect((await post(booked({ start: '2030-01-07T10:00:00' }))).status).to.equal(400);
    const unknown = await post(booked({ language: 'qqq' }));
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details[0]).to.include({ field: 'language', code: 'unknown_language' });
  });

  it('refuses a patient reference that looks like free text with punctuation', async () => {
    const res = await post(booked({ patientRef: 'Mme <script>' }));
    expect(res.status).to.equal(400);
  });

  it('only requesters book (403 for an interpreter or an auditor)', async () => {
    expect((await post(booked(), w.interpreters[0]!.auth)).status).to.equal(403);
    expect((await post(booked(), w.auditor.auth)).status).to.equal(403);
  });

  describe('idempotency', () => {
    it('the same Idempotency-Key returns the first request, never a second one', async () => {
      const body = booked({ patientRef: 'IDEM-1' });
      const first = await post(body).set('Idempotency-Key', 'key-1');
      const second = await post(body).set('Idempotency-Key', 'key-1');
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.body.id).to.equal(first.body.id);
      expect(second.headers['idempotent-replayed']).to.equal('true');
      expect(await withPatientRef('IDEM-1')).to.equal(1);
    });

    it('the same key with a different body is refused (409)', async () => {
      await post(booked({ patientRef: 'IDEM-2' })).set('Idempotency-Key', 'key-2').expect(201);
      const res = await post(booked({ patientRef: 'IDEM-2', durationMinutes: 90 })).set('Idempotency-Key', 'key-2');
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('idempotency_key_reused');
      expect(await withPatientRef('IDEM-2')).to.equal(1);
    });

    it('a double-clicked submit (ten at once with one key) creates one request', async () => {
      const body = booked({ patientRef: 'IDEM-3' });
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(body).set('Idempotency-Key', 'double-click')));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).to.equal(1);
      expect(await withPatientRef('IDEM-3')).to.equal(1);
    });

    it('keys belong to their user: another requester’s same key makes their own request', async () => {
      const body = booked({ patientRef: 'IDEM-4' });
      const mine = await post(body).set('Idempotency-Key', 'shared-key');
      const theirs = await post(body, w.otherRequester.auth).set('Idempotency-Key', 'shared-key');
      expect(theirs.status).to.equal(201);
      expect(theirs.body.id).not.to.equal(mine.body.id);
      expect(theirs.body.structureId).to.equal(w.otherStructure.id);
      expect(await withPatientRef('IDEM-4')).to.equal(1);
      expect(await withPatientRef('IDEM-4', w.otherRequester.auth)).to.equal(1);
      const again = await post(body, w.otherRequester.auth).set('Idempotency-Key', 'shared-key');
      expect(again.body.id, 'each requester replays their own').to.equal(theirs.body.id);
    });
  });

  describe('reading', () => {
    it('lists the structure’s requests newest first, with a limit and a cursor', async () => {
      const ids = [];
      for (let i = 0; i < 3; i += 1) ids.push((await post(booked({ patientRef: `LIST-${i}` }))).body.id);
      const page = await t.http().get('/api/requests?limit=2').set('Authorization', w.requester.auth);
      expect(page.body.map((r: { id: string }) => r.id)).to.deep.equal([ids[2], ids[1]]);
      const next = await t.http().get(`/api/requests?limit=2&before=${ids[1]}`).set('Authorization', w.requester.auth);
      expect(next.body[0].id).to.equal(ids[0]);
    });

    it('filters by status and start time', async () => {
      const late = (await post(booked({ start: parisIn(20, '15:00') }))).body;
      const res = await t.http().get(`/api/requests?status=open&from=${encodeURIComponent(parisIn(19, '00:00'))}`).set('Authorization', w.requester.auth);
      expect(res.body.map((r: { id: string }) => r.id)).to.include(late.id);
      expect(res.body.every((r: { start: string }) => r.start >= new Date(parisIn(19, '00:00')).toISOString())).to.equal(true);
    });

    it('another structure’s request is a 404, and never listed', async () => {
      const mine = (await post(booked())).body;
      expect((await t.http().get(`/api/requests/${mine.id}`).set('Authorization', w.otherRequester.auth)).status).to.equal(404);
      const theirs = await t.http().get('/api/requests').set('Authorization', w.otherRequester.auth);
      expect(theirs.body.map((r: { id: string }) => r.id)).not.to.include(mine.id);
    });

    it('auditors see every structure’s requests but no patient field', async () => {
      const mine = (await post(booked({ patientRef: 'SECRET-REF', notes: 'patient très anxieux', modality: 'onsite', location: { address: '12 rue Garibaldi', department: '69' } }))).body;
      const res = await t.http().get(`/api/requests/${mine.id}`).set('Authorization', w.auditor.auth);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: mine.id, language: 'ara', department: '69' });
      expect(JSON.stringify(res.body)).not.to.match(/SECRET-REF|anxieux|Garibaldi/);
    });
  });

  describe('cancellation', () => {
    it('an early cancellation is free and records how long before the start it happened', async () => {
      const mine = (await post(booked({ start: parisIn(5, '10:00') }))).body;
      const quote = await t.http().get(`/api/requests/${mine.id}/cancellation-quote`).set('Authorization', w.requester.auth);
      expect(quote.body).to.include({ requestId: mine.id, feeCents: 0 });
      expect(quote.body.minutesBeforeStart).to.be.greaterThan(3 * 24 * 60);
      const res = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Patient hospitalisé' });
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('cancelled');
      expect(res.body.cancellationFeeCents).to.equal(0);
      expect(res.body.cancellation.minutesBeforeStart).to.be.closeTo((new Date(mine.start).getTime() - Date.now()) / 60_000, 2);
    });

    it('a cancelled request cannot change again (409)', async () => {
      const mine = (await post(booked())).body;
      await t.http().post(`/api/requests/${mine.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'x' }).expect(200);
      const again = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'x' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('request_closed');
    });

    it('another structure cannot cancel it (404)', async () => {
      const mine = (await post(booked())).body;
      const res = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Authorization', w.otherRequester.auth).send({ reason: 'x' });
      expect(res.status).to.equal(404);
    });
  });
});
