import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';
import { nextClockChange } from '../support/clock-changes';
import { aUser, anAgency, anInterpreter } from '../support/fixtures';

const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

interface View {
  id: string;
  start: string;
  occurrence?: number;
  seriesSize?: number;
  structureName?: string;
  uncovered?: boolean;
  alternatives?: { byModality: Record<string, number | null>; times: Array<{ start: string; eligible: number }> };
}

// A series says which sessions nobody can take, and every session of it is booked at the time the Paris clocks show.
describe('Series: gaps said, daylight-saving changes kept', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let tigrinya: { id: string };
  let admin: string;
  before(async () => {
    w = await bookingWorld(t, 1);
    tigrinya = await anInterpreter((await anAgency('Agence B')).id, { name: 'Interprète tigrinya', languages: ['tir'], modalities: ['video'], availability: AROUND_THE_CLOCK });
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
  });
  const dayOff = (...dates: string[]) => t.http().patch(`/api/interpreters/${tigrinya.id}`).set('Authorization', admin)
    .send({ exceptions: dates.map((date) => ({ date, slots: [] })) }).expect(200);
  const book = (body: object) => t.http().post('/api/requests').set('Authorization', w.requester.auth).send(body);
  const inSeries = async (seriesId: string, auth = w.requester.auth) => ((await t.http().get('/api/requests').query({ seriesId }).set('Authorization', auth)).body as View[])
    .sort((a, b) => a.occurrence! - b.occurrence!);

  it('a weekly series of six whose fourth session nobody can take: the answer, the coverage hint and the views say session 4, with what would work', async () => {
    const start = DateTime.fromISO(parisIn(7, '10:00'), { setZone: true });
    const fourth = start.plus({ weeks: 3 });
    await dayOff(fourth.toISODate()!);
    const body = { language: 'tir', modality: 'video', start: start.toISO(), durationMinutes: 60, recurrence: { every: 'week', count: 6 } };

    const hint = await t.http().get('/api/requests/coverage').set('Authorization', w.requester.auth)
      .query({ language: 'tir', modality: 'video', start: start.toISO()!, durationMinutes: 60, every: 'week', count: 6 });
    expect(hint.status, JSON.stringify(hint.body)).to.equal(200);
    const nextDay = fourth.plus({ days: 1 }).toUTC().toISO();
    const gapAlternatives = { byModality: { phone: 0, video: 0, onsite: null }, times: [{ start: nextDay, eligible: 1 }, { start: fourth.plus({ days: 2 }).toUTC().toISO(), eligible: 1 }, { start: fourth.plus({ days: 3 }).toUTC().toISO(), eligible: 1 }] };
    expect(hint.body.occurrences).to.deep.equal([1, 2, 3, 4, 5, 6].map((occurrence) => ({
      occurrence,
      start: start.plus({ weeks: occurrence - 1 }).toUTC().toISO(),
      eligible: occurrence === 4 ? 0 : 1,
      ...(occurrence === 4 ? { alternatives: gapAlternatives } : {}),
    })));
    expect((await t.http().get('/api/requests/coverage').set('Authorization', w.requester.auth)
      .query({ language: 'tir', modality: 'video', start: start.toISO()!, durationMinutes: 60, count: 6 })).status, 'count without every').to.equal(400);

    const res = await book(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.coverage.uncoveredOccurrences).to.deep.equal([4]);
    const sessions = await inSeries(res.body.seriesId);
    expect(sessions.map((s) => [s.occurrence, s.seriesSize, Boolean(s.uncovered)])).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => [n, 6, n === 4]));
    expect(sessions[3]!.alternatives).to.deep.equal(gapAlternatives);

    const seen = (await t.http().get(`/api/requests/${sessions[3]!.id}`).set('Authorization', w.dispatcher.auth)).body as View;
    expect(seen).to.include({ structureName: 'PASS Lyon', occurrence: 4, seriesSize: 6 });
  });

  it('a series with a session at a time the clocks skip (02:30 on the last Sunday of March) is refused, naming it, and nothing is stored', async () => {
    const change = nextClockChange('spring');
    // Built from the week before: luxon itself would move 02:30 of the change day to 03:30.
    const first = DateTime.fromISO(`${DateTime.fromISO(change).minus({ weeks: 1 }).toISODate()}T02:30`, { zone: 'Europe/Paris' });
    const before = (await t.http().get('/api/requests').set('Authorization', w.requester.auth)).body.length;
    const res = await book({ language: 'tir', modality: 'video', start: first.toISO(), durationMinutes: 60, recurrence: { every: 'week', count: 3 } });
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.error.code).to.equal('nonexistent_time');
    expect(res.body.error.details).to.deep.equal([{ field: 'recurrence', code: 'nonexistent_time', message: `session 2: 02:30 does not exist on ${change} in Europe/Paris; the clocks show 03:00 next` }]);
    expect((await t.http().get('/api/requests').set('Authorization', w.requester.auth)).body.length, 'nothing stored').to.equal(before);
    const hint = await t.http().get('/api/requests/coverage').set('Authorization', w.requester.auth)
      .query({ language: 'tir', modality: 'video', start: first.toISO()!, durationMinutes: 60, every: 'week', count: 3 });
    expect(hint.status, 'the coverage hint refuses it as booking would').to.equal(422);
  });

  it('a weekly series over the October change keeps 02:30: the first 02:30 of that Sunday, then winter time', async () => {
    const change = nextClockChange('autumn');
    const first = DateTime.fromISO(`${DateTime.fromISO(change).minus({ weeks: 1 }).toISODate()}T02:30`, { zone: 'Europe/Paris' });
    const res = await book({ language: 'tir', modality: 'video', start: first.toISO(), durationMinutes: 30, recurrence: { every: 'week', count: 3 } });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const starts = (await inSeries(res.body.seriesId)).map((s) => DateTime.fromISO(s.start, { zone: 'Europe/Paris' }).toISO());
    const week = (n: number) => first.plus({ weeks: n }).toISODate();
    expect(starts).to.deep.equal([`${week(0)}T02:30:00.000+02:00`, `${week(1)}T02:30:00.000+02:00`, `${week(2)}T02:30:00.000+01:00`]);
  });

  it('what would work "the next days" is the same Paris hour after the March change, not an hour later', async () => {
    const change = DateTime.fromISO(nextClockChange('spring'), { zone: 'Europe/Paris' });
    const saturday = change.minus({ days: 1 }).set({ hour: 10 });
    await dayOff(saturday.toISODate()!);
    const res = await book({ language: 'tir', modality: 'video', start: saturday.toISO(), durationMinutes: 60 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const stored = (await t.http().get(`/api/requests/${res.body.id}`).set('Authorization', w.requester.auth)).body as View;
    expect(stored.alternatives!.times[0]).to.deep.equal({ start: change.set({ hour: 10 }).toUTC().toISO(), eligible: 1 });
  });
});
