import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';

interface Similar {
  id: string;
  start: string;
}

// The same request four times: the form asks first (GET /api/requests/similar); booking itself keeps
// API.md's promise of 201 for a valid body, and names what it found once written.
describe('Likely duplicates (GET /api/requests/similar)', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 2);
  });
  const same = { language: 'ara', modality: 'video', start: parisIn(5, '14:00'), durationMinutes: 60 };
  const similar = (query: Record<string, string | number>, auth = w.requester.auth) => t.http().get('/api/requests/similar').query(query).set('Authorization', auth);
  const book = async (body: object, auth = w.requester.auth) => {
    const res = await t.http().post('/api/requests').set('Authorization', auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; similar: Similar[] };
  };

  it('the same request four times: each is still booked (201), and before each the form is told of the ones already there', async () => {
    const booked: string[] = [];
    for (let n = 0; n < 4; n += 1) {
      const found = await similar(same);
      expect(found.status, JSON.stringify(found.body)).to.equal(200);
      expect((found.body as Similar[]).map((r) => r.id).sort(), `before request ${n + 1}`).to.deep.equal([...booked].sort());
      const created = await book(same);
      expect(created.similar.map((r) => r.id).sort(), `the answer to request ${n + 1}`).to.deep.equal([...booked].sort());
      booked.push(created.id);
    }
  });

  it('an overlapping time counts; another language, modality, a time that does not overlap, another structure or a cancelled request does not', async () => {
    const start = parisIn(9, '09:00');
    const first = await book({ language: 'ara', modality: 'phone', start, durationMinutes: 60 });
    const ids = async (query: Record<string, string | number>, auth?: string) => ((await similar(query, auth)).body as Similar[]).map((r) => r.id);
    expect(await ids({ language: 'ara', modality: 'phone', start: parisIn(9, '09:45'), durationMinutes: 30 })).to.deep.equal([first.id]);
    expect(await ids({ language: 'ara', modality: 'phone', start: parisIn(9, '08:30'), durationMinutes: 45 })).to.deep.equal([first.id]);
    expect(await ids({ language: 'ara', modality: 'phone', start: parisIn(9, '10:00'), durationMinutes: 30 }), 'starts as it ends').to.deep.equal([]);
    expect(await ids({ language: 'ara', modality: 'phone', start: parisIn(9, '08:00'), durationMinutes: 60 }), 'ends as it starts').to.deep.equal([]);
    expect(await ids({ language: 'prs', modality: 'phone', start, durationMinutes: 60 })).to.deep.equal([]);
    expect(await ids({ language: 'ara', modality: 'video', start, durationMinutes: 60 })).to.deep.equal([]);
    expect(await ids({ language: 'ara', modality: 'phone', start, durationMinutes: 60 }, w.otherRequester.auth), 'another structure’s').to.deep.equal([]);
    await t.http().post(`/api/requests/${first.id}/cancel`).set('Authorization', w.requester.auth).send({ reason: 'Doublon' }).expect(200);
    expect(await ids({ language: 'ara', modality: 'phone', start, durationMinutes: 60 }), 'cancelled').to.deep.equal([]);
  });

  it('a series is compared session by session', async () => {
    const later = await book({ language: 'ara', modality: 'video', start: parisIn(7 * 2 + 3, '16:00'), durationMinutes: 30 });
    const found = await similar({ language: 'ara', modality: 'video', start: parisIn(3, '16:00'), durationMinutes: 60, every: 'week', count: 3 });
    expect((found.body as Similar[]).map((r) => r.id)).to.deep.equal([later.id]);
  });

  it('two sent at the same moment: at least the later one names the other', async () => {
    const body = { language: 'ara', modality: 'onsite', start: parisIn(11, '11:00'), durationMinutes: 90, location: { address: '3 quai Célestins, Lyon', department: '69' } };
    const [a, b] = await Promise.all([book(body), book(body)]);
    const named = [...a.similar.map((r) => r.id), ...b.similar.map((r) => r.id)];
    expect(named).to.include.oneOf([a.id, b.id]);
  });

  it('refuses what booking would refuse, and unknown fields; only requesters ask', async () => {
    expect((await similar({ ...same, start: parisIn(-2, '10:00') })).status).to.equal(422);
    const unknown = await similar({ ...same, patientRef: 'AB' });
    expect(unknown.status).to.equal(400);
    expect((await similar(same, w.dispatcher.auth)).status).to.equal(403);
  });
});
