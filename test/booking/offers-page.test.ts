import { expect } from 'chai';
import mongoose from 'mongoose';
import { OfferModel } from '../../server/booking/store';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn, runWideWaves, TestClock } from '../support/booking';

// GET /api/offers (API.md): the interpreter's live offers, soonest first, at most `limit` (default 50),
// `before` the last offer of the previous page; read in the same few queries however many offers there are.

interface Offer {
  id: string;
  requestId: string;
  expiresAt: string;
}

describe('An interpreter’s offers, a page at a time', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const live: string[] = [];
  before(async function () {
    this.timeout(120_000);
    w = await bookingWorld(t, 2);
    for (let i = 0; i < 55; i += 1) {
      const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth)
        .send({ language: 'ara', modality: 'video', start: parisIn(3 + Math.floor(i / 8), `${String(8 + (i % 8)).padStart(2, '0')}:00`), durationMinutes: 45 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      live.push(res.body.id);
    }
    await runWideWaves(new TestClock());
  });

  const offers = async (query = '', auth = w.interpreters[0]!.auth) => {
    const res = await t.http().get(`/api/offers${query}`).set('Authorization', auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as Offer[];
  };
  const soonestFirst = (page: Offer[]) => page.every((o, i) => i === 0 || page[i - 1]!.expiresAt <= o.expiresAt);

  it('gives 50 offers by default, soonest first, and the rest after the last one with before', async () => {
    const first = await offers();
    expect(first).to.have.length(50);
    expect(soonestFirst(first)).to.equal(true);
    const rest = await offers(`?before=${first.at(-1)!.id}`);
    expect(rest).to.have.length(5);
    expect(soonestFirst([...first, ...rest])).to.equal(true);
    expect([...first, ...rest].map((o) => o.requestId).sort()).to.deep.equal([...live].sort());
  });

  it('walks every offer exactly once with a small limit, when many lapse at the same instant', async () => {
    // Offers of one wave often share their expiry: the cursor must not skip nor repeat any of them.
    const all = await offers('?limit=1000');
    const sameInstant = new Date(all.at(-1)!.expiresAt);
    await OfferModel.updateMany({ _id: { $in: all.slice(10, 40).map((o) => o.id) } }, { $set: { expiresAt: sameInstant } });
    const seen: Offer[] = [];
    let page = await offers('?limit=7');
    while (page.length > 0) {
      expect(page.length).to.be.at.most(7);
      seen.push(...page);
      page = await offers(`?limit=7&before=${page.at(-1)!.id}`);
    }
    expect(seen.map((o) => o.id)).to.have.length(new Set(seen.map((o) => o.id)).size);
    expect(seen.map((o) => o.requestId).sort()).to.deep.equal([...live].sort());
    expect(soonestFirst(seen)).to.equal(true);
  });

  it('reads in the same number of database queries one offer as for fifty', async () => {
    const operations = async (query: string) => {
      let count = 0;
      mongoose.set('debug', () => {
        count += 1;
      });
      try {
        await offers(query);
      } finally {
        mongoose.set('debug', false);
      }
      return count;
    };
    expect(await operations('?limit=50')).to.equal(await operations('?limit=1'));
  });

  it('refuses a limit out of range, an unknown field, and another interpreter’s offer as the cursor', async () => {
    const mine = (await offers('?limit=1'))[0]!;
    for (const query of ['?limit=0', '?limit=1001', '?limit=abc', '?page=2', '?before=nothex']) {
      const res = await t.http().get(`/api/offers${query}`).set('Authorization', w.interpreters[0]!.auth);
      expect(res.status, query).to.equal(400);
    }
    const res = await t.http().get(`/api/offers?before=${mine.id}`).set('Authorization', w.interpreters[1]!.auth);
    expect(res.status).to.equal(404);
  });
});
