import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { anInterpreter } from '../support/fixtures';

// Related languages (ISO 639-3 macrolanguages, from the IANA registry): a request in a member language
// reaches interpreters of the macrolanguage and the other way round; the exact language ranks first and a
// sibling variety comes after both, with the reason shown to dispatchers.

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

describe('Dispatch across related languages', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const people: Record<string, { id: string; auth: string }> = {};
  before(async () => {
    w = await bookingWorld(t, 0);
    const make = async (key: string, languages: string[]) => {
      const interpreter = await anInterpreter(w.agency.id, { name: `Interprète ${key}`, languages, availability: AROUND_THE_CLOCK, modalities: ['phone', 'video'] });
      people[key] = { id: interpreter.id, auth: `Bearer ${await t.login(interpreter.email)}` };
    };
    // The related languages' interpreters are created first: equal scores fall back to creation order, so the
    // exact language ranking first is the score's doing, not the order of creation.
    for (const [key, languages] of Object.entries({ fas: ['fas'], pes: ['pes'], ara1: ['ara'], ara2: ['ara'], cmn: ['cmn'], yue: ['yue'], prs1: ['prs'], prs2: ['prs'], prs3: ['prs'] })) {
      await make(key, languages);
    }
  });

  const book = async (language: string, day: number) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language, modality: 'video', start: parisIn(day, '10:00'), durationMinutes: 60 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const offered = async (requestId: string) => {
    const who: string[] = [];
    for (const [key, person] of Object.entries(people)) {
      const offers = (await t.http().get('/api/offers').set('Authorization', person.auth)).body as Array<{ requestId: string }>;
      if (offers.some((offer) => offer.requestId === requestId)) who.push(key);
    }
    return who.sort();
  };
  const candidates = async (requestId: string) =>
    (await t.http().get(`/api/requests/${requestId}/candidates`).set('Authorization', w.dispatcher.auth)).body.candidates as Array<{ interpreterId: string; reasons: string[] }>;
  const keyOf = (id: string) => Object.entries(people).find(([, person]) => person.id === id)![0];

  it('arb (Standard Arabic) booked with only Arabic (ara) interpreters gets offers, with the reason', async () => {
    const id = await book('arb', 3);
    await jobRunner(new TestClock()).runDue();
    expect(await offered(id)).to.deep.equal(['ara1', 'ara2']);
    const ranked = await candidates(id);
    expect(ranked.map((c) => keyOf(c.interpreterId))).to.deep.equal(['ara1', 'ara2']);
    expect(ranked[0]!.reasons[0]).to.equal('Arabe : demande en arabe standard');
  });

  it('zho (Chinese) reaches Mandarin (cmn) and Cantonese (yue) interpreters', async () => {
    const id = await book('zho', 4);
    await jobRunner(new TestClock()).runDue();
    expect(await offered(id)).to.deep.equal(['cmn', 'yue']);
  });

  it('prs (Dari) goes to Dari interpreters first, then Persian, and to Iranian Persian only in a later wave, with its reason', async () => {
    const id = await book('prs', 5);
    const clock = new TestClock();
    const runner = jobRunner(clock);
    await runner.runDue();
    expect(await offered(id)).to.deep.equal(['prs1', 'prs2', 'prs3']);
    const ranked = await candidates(id);
    expect(ranked.map((c) => keyOf(c.interpreterId))).to.deep.equal(['prs1', 'prs2', 'prs3', 'fas', 'pes']);
    expect(ranked[3]!.reasons[0]).to.equal('Persan : demande en dari');
    expect(ranked[4]!.reasons[0]).to.equal('Persan iranien : demande en dari');
    clock.advance(61);
    await runner.runDue();
    expect(await offered(id)).to.deep.equal(['fas', 'pes', 'prs1', 'prs2', 'prs3']);
  });

  it('a request in one language never reaches an unrelated one (tir finds nobody here)', async () => {
    const id = await book('tir', 6);
    await jobRunner(new TestClock()).runDue();
    expect(await offered(id)).to.deep.equal([]);
  });
});
