import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld, parisIn, runWideWaves, TestClock } from '../support/booking';
import { anInterpreter } from '../support/fixtures';

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

interface Candidates {
  candidates: Array<{ interpreterId: string; reasons: string[] }>;
  unavailable: Array<{ interpreterId: string; name: string; reasons: string[] }>;
}

// What a dispatcher reads about each interpreter of the agency, in words: an absence with its dates, a
// session held at that time, too little time to travel between two on-site sessions.
describe('The dispatcher’s candidates say why in words', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  // The next 14-18 December at least two days ahead.
  const today = DateTime.now().setZone('Europe/Paris');
  const year = today < today.set({ month: 12, day: 12 }) ? today.year : today.year + 1;
  const december = (day: number) => DateTime.fromObject({ year, month: 12, day }, { zone: 'Europe/Paris' });
  const absentDays = [14, 15, 16, 17, 18].map((day) => ({ date: december(day).toISODate()!, slots: [] }));

  const book = async (body: object) => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    // The first wave makes the request the agency's, which its dispatcher then sees.
    await runWideWaves(new TestClock());
    return res.body.id as string;
  };
  const candidatesOf = async (id: string) => {
    const res = await t.http().get(`/api/requests/${id}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as Candidates;
  };
  const reasonsOf = (answer: Candidates, id: string) => answer.unavailable.find((u) => u.interpreterId === id)?.reasons;

  before(async () => {
    w = await bookingWorld(t, 0);
  });

  it('an interpreter absent 14-18 December reads "Absente du 14 au 18 décembre" for a session on the 15th, not "Pas de disponibilité déclarée"', async () => {
    const amina = await anInterpreter(w.agency.id, { name: 'Amina', gender: 'female', languages: ['ara'], availability: AROUND_THE_CLOCK, exceptions: absentDays });
    const karim = await anInterpreter(w.agency.id, { name: 'Karim', gender: 'male', languages: ['ara'], availability: AROUND_THE_CLOCK, exceptions: [absentDays[1]!] });
    const evenings = await anInterpreter(w.agency.id, { name: 'Nadia', gender: 'female', languages: ['ara'], availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '18:00', to: '22:00' })) });
    const id = await book({ language: 'ara', modality: 'video', start: december(15).set({ hour: 10 }).toISO(), durationMinutes: 60 });
    const answer = await candidatesOf(id);
    expect(answer.candidates).to.deep.equal([]);
    expect(reasonsOf(answer, amina.id)).to.deep.equal(['Absente du 14 au 18 décembre']);
    expect(reasonsOf(answer, karim.id)).to.deep.equal(['Absent le 15 décembre']);
    expect(reasonsOf(answer, evenings.id)).to.deep.equal(['Pas de disponibilité déclarée à cette heure']);
  });

  describe('a session held, and travel between on-site sessions', () => {
    let lina: { id: string; email: string };
    const day = (time: string) => parisIn(3, time);
    before(async () => {
      lina = await anInterpreter(w.agency.id, { name: 'Lina', gender: 'female', languages: ['prs'], availability: AROUND_THE_CLOCK, travelBufferMinutes: 30 });
      const onsite = await book({ language: 'prs', modality: 'onsite', start: day('09:00'), durationMinutes: 60, location: { address: 'Hôpital', department: '69' } });
      await acceptedBy(t, onsite, { auth: `Bearer ${await t.login(lina.email)}` });
    });

    it('an on-site session ten minutes after another on-site one: too little time to travel', async () => {
      const id = await book({ language: 'prs', modality: 'onsite', start: day('10:10'), durationMinutes: 50, location: { address: 'CMP de Lyon', department: '69' } });
      expect(reasonsOf(await candidatesOf(id), lina.id)).to.deep.equal(['Une séance sur place juste avant ou après : pas le temps du trajet']);
    });

    it('a phone session ten minutes after it is no travel: she is a candidate; over it, she is in session, with no word of travel', async () => {
      const after = await candidatesOf(await book({ language: 'prs', modality: 'phone', start: day('10:10'), durationMinutes: 30 }));
      expect(after.candidates.map((c) => c.interpreterId)).to.deep.equal([lina.id]);
      const over = await candidatesOf(await book({ language: 'prs', modality: 'phone', start: day('09:30'), durationMinutes: 30 }));
      expect(reasonsOf(over, lina.id)).to.deep.equal(['Déjà en séance à cette heure']);
    });
  });
});
