import { expect } from 'chai';
import { DateTime } from 'luxon';
import { PATIENT_REF_ADVICE } from '../../shared/patient-ref';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';
import { aUser } from '../support/fixtures';

// Inputs a careless or hostile user sends, by kind: dates without sense, patient data where only
// initials belong, line breaks in one-line fields. Each is refused with a clear error and changes nothing.

describe('Careless input: dates, patient references, one-line fields', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let admin: string;
  before(async () => {
    w = await bookingWorld(t, 1);
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
  });
  const book = (body: Record<string, unknown>) =>
    t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', durationMinutes: 60, ...body });
  const paris = () => DateTime.now().setZone('Europe/Paris');
  /** The requests an admin sees, every structure's (the file books far fewer than a page of 1000). */
  const requestsSeen = async (query: Record<string, string> = {}) => {
    const res = await t.http().get('/api/requests').query({ limit: 1000, ...query }).set('Authorization', admin);
    expect(res.status).to.equal(200);
    return (res.body as unknown[]).length;
  };

  describe('dates', () => {
    it('a session in 2127 is refused with a sentence (422), and nothing is written', async () => {
      const before = await requestsSeen();
      const res = await book({ start: '2127-03-02T10:00:00+01:00' });
      expect(res.status).to.equal(422);
      expect(res.body.error).to.deep.include({ code: 'start_too_far', message: 'A session can be booked at most 18 months ahead.' });
      expect(await requestsSeen()).to.equal(before);
    });

    it('18 months ahead is the limit, in the Paris calendar', async () => {
      const limit = paris().plus({ months: 18 }).set({ second: 0, millisecond: 0 });
      expect((await book({ start: limit.minus({ hours: 1 }).toISO() })).status).to.equal(201);
      expect((await book({ start: limit.plus({ days: 1 }).toISO() })).status).to.equal(422);
    });

    it('a series whose last session falls beyond 18 months is refused whole, naming that date', async () => {
      const first = paris().plus({ months: 17 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
      const res = await book({ start: first.toISO(), recurrence: { every: 'month', count: 3 } });
      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('start_too_far');
      expect(res.body.error.message).to.equal(`A series must end within 18 months: its last session would be on ${first.plus({ months: 2 }).toISODate()}.`);
      expect(await requestsSeen({ from: first.toISO()!, to: first.plus({ minutes: 1 }).toISO()! }), 'not even its first session').to.equal(0);
      expect((await book({ start: paris().plus({ days: 7 }).set({ hour: 10, minute: 0 }).toISO(), recurrence: { every: 'week', count: 52 } })).status).to.equal(201);
    });

    it('a start without an offset gets one detail saying that an offset is needed', async () => {
      const res = await book({ start: '2027-03-02T14:30:00' });
      expect(res.status).to.equal(400);
      expect(res.body.error.details).to.deep.equal([
        { field: 'start', code: 'invalid', message: 'must be "now", or a date and time with its offset from UTC, e.g. 2027-03-02T14:30:00+01:00 or 2027-03-02T13:30:00Z' },
      ]);
    });

    it('a leap second or an offset of hours only, which RFC 3339 tolerates but no Date reads, is a 400, not a 500', async () => {
      for (const start of ['2026-12-31T23:59:60Z', '2026-12-05T10:00:00+01']) {
        const before = await requestsSeen();
        const res = await book({ start });
        expect(res.status, start).to.equal(400);
        expect(res.body.error.details).to.deep.equal([{ field: 'start', code: 'format', message: 'must be a date and time with its offset from UTC, e.g. 2027-03-02T14:30:00+01:00 or 2027-03-02T13:30:00Z' }]);
        expect(await requestsSeen()).to.equal(before);
        const list = await t.http().get('/api/requests').query({ from: start }).set('Authorization', w.requester.auth);
        expect(list.status, `from=${start}`).to.equal(400);
        expect(list.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['from']);
      }
    });

    it('a date-time query without an offset says so too', async () => {
      const res = await t.http().get('/api/requests?from=2027-03-02').set('Authorization', w.requester.auth);
      expect(res.status).to.equal(400);
      expect(res.body.error.details).to.deep.equal([{ field: 'from', code: 'format', message: 'must be a date and time with its offset from UTC, e.g. 2027-03-02T14:30:00+01:00 or 2027-03-02T13:30:00Z' }]);
    });
  });

  describe('patient references: initials or a file number, nothing personal', () => {
    const start = () => parisIn(5, '10:00');

    for (const ref of ['12/03/1985', 'JD 12.03.85', '1985-03-12', '12 mars 1985', '12031985', 'jd@example.fr', '06 12 34 56 78', '+33612345678']) {
      it(`"${ref}" is refused (422) with the advice in French`, async () => {
        const before = await requestsSeen();
        const res = await book({ start: start(), patientRef: ref });
        expect(res.status).to.equal(422);
        expect(res.body.error).to.deep.include({ code: 'patient_ref_personal', message: PATIENT_REF_ADVICE });
        expect(await requestsSeen()).to.equal(before);
      });
    }

    it('a full name with a date of birth is refused (over 20 characters), and so are other characters', async () => {
      for (const ref of ['Jean Dupont né le 12/03/1985', 'Dupont_Jean', 'A'.repeat(21)]) {
        const res = await book({ start: start(), patientRef: ref });
        expect(res.status, ref).to.equal(400);
        expect(res.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['patientRef']);
      }
    });

    it('initials and file numbers are accepted', async () => {
      for (const ref of ['AB-12', 'J.D.', 'IPP 123456', '2024.00123', 'JD-2024-0042']) {
        const res = await book({ start: start(), patientRef: ref });
        expect(res.status, ref).to.equal(201);
      }
    });
  });

  describe('line breaks and control characters', () => {
    it('a user or an interpreter named with a line break is refused, field by field; nothing is created', async () => {
      const name = 'Dr Test\r\nBcc: x@example.test';
      const user = await t.http().post('/api/users').set('Authorization', admin).send({ email: 'crlf@test.test', password: 'motdepasse-long', name, role: 'auditor', region: '84' });
      expect(user.status).to.equal(400);
      expect(user.body.error.details).to.deep.equal([{ field: 'name', code: 'control_characters', message: 'must be one line, without control characters (line breaks, tabs)' }]);
      const interpreter = await t.http().post('/api/interpreters').set('Authorization', admin).send({
        email: 'crlf-i@test.test', password: 'motdepasse-long', name, agencyId: w.agency.id, gender: 'female', languages: ['ara'], specialties: ['general'], modalities: ['phone'], departments: ['69'],
      });
      expect(interpreter.status).to.equal(400);
      expect(interpreter.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['name']);
      expect((await t.http().get('/api/users?role=auditor').set('Authorization', admin)).body.map((u: { email: string }) => u.email)).not.to.include('crlf@test.test');
    });

    it('an address with a line break is refused; notes keep theirs', async () => {
      const onsite = await book({ modality: 'onsite', start: parisIn(6, '10:00'), location: { address: '1 rue de la Paix\nBcc: x', department: '69' } });
      expect(onsite.status).to.equal(400);
      expect(onsite.body.error.details).to.deep.equal([{ field: 'location.address', code: 'control_characters', message: 'must be one line, without control characters (line breaks, tabs)' }]);
      const notes = await book({ start: parisIn(6, '11:00'), notes: 'Première ligne\r\nDeuxième ligne\tavec une tabulation' });
      expect(notes.status).to.equal(201);
      const nul = await book({ start: parisIn(6, '12:00'), notes: 'a\u0000b' });
      expect(nul.status).to.equal(400);
      expect(nul.body.error.details).to.deep.equal([{ field: 'notes', code: 'control_characters', message: 'must not contain control characters' }]);
    });
  });
});
