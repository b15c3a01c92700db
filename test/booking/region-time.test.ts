import { expect } from 'chai';
import { DateTime } from 'luxon';
import { publicHoliday } from '../../server/billing/holidays';
import { entriesOfRequest } from '../../server/billing/ledger';
import { priceSession } from '../../server/billing/pricing';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';
import { reconfirmationDeadline } from '../../server/booking/reconfirmation';
import { assertWhen } from '../../server/booking/rules';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, TestClock } from '../support/booking';
import { nextClockChange } from '../support/clock-changes';
import { createAgency } from '../../server/directory/agencies';
import { anInterpreter, aStructure, aUser } from '../support/fixtures';
import { recipients, useInbox } from '../support/mail';

// Issue 27, item 2: a session belongs to its structure's region and reasons in that region's time zone:
// La Réunion is UTC+4 and Guyane UTC−3 all year, with no daylight saving; Paris changes twice a year.

const REUNION = 'Indian/Reunion';
const CAYENNE = 'America/Cayenne';

/** A wall-clock time in a zone, as ISO 8601 with its offset. */
const wallClock = (date: string, time: string, zone: string) => DateTime.fromISO(`${date}T${time}`, { zone }).toISO()!;
const utc = (iso: string | Date) => new Date(iso).toISOString();

/** The first ordinary day (no Sunday, no holiday there) at least `days` from today in La Réunion, 'YYYY-MM-DD'. */
function ordinaryReunionDay(days: number): string {
  for (let day = DateTime.now().setZone(REUNION).plus({ days }); ; day = day.plus({ days: 1 })) {
    if (day.weekday !== 7 && !publicHoliday(day.toISODate()!, '974') && !publicHoliday(day.minus({ days: 1 }).toISODate()!, '974')) return day.toISODate()!;
  }
}

/** The next 20 December (La Réunion's abolition day) at least `days` from today, 'YYYY-MM-DD'. */
function nextReunionAbolitionDay(days: number): string {
  const earliest = DateTime.now().setZone(REUNION).plus({ days }).startOf('day');
  const thisYear = DateTime.fromObject({ year: earliest.year, month: 12, day: 20 }, { zone: REUNION });
  return (thisYear >= earliest ? thisYear : thisYear.plus({ years: 1 })).toISODate()!;
}

describe('Time in the region’s zone (issue 27, item 2)', () => {
  describe('the rules (pure)', () => {
    it('the day-before reconfirmation is due at 18:00 La Réunion time for a session there (14:00 UTC, not Paris’s 17:00)', () => {
      const start = new Date(wallClock('2026-12-16', '10:00', REUNION));
      const createdAt = new Date(wallClock('2026-12-08', '09:00', REUNION));
      expect(utc(reconfirmationDeadline({ start, createdAt, timeZone: REUNION }))).to.equal('2026-12-15T14:00:00.000Z');
      // A request booked before zones keeps Paris's 18:00.
      expect(utc(reconfirmationDeadline({ start, createdAt }))).to.equal('2026-12-15T17:00:00.000Z');
    });

    it('in Guyane, 02:30 on the last Sunday of March is an ordinary time: a weekly series keeps it, a week to the minute apart', () => {
      const now = new Date('2026-12-07T09:00:00Z');
      const body = { start: wallClock('2027-03-21', '02:30', CAYENNE), modality: 'video' as const, recurrence: { every: 'week' as const, count: 2 } };
      expect(assertWhen(body, now, CAYENNE).map(utc)).to.deep.equal(['2027-03-21T05:30:00.000Z', '2027-03-28T05:30:00.000Z']);
      // The same series read in Paris is another wall-clock time (06:30) that moves an hour in UTC with Paris's change.
      expect(assertWhen(body, now).map(utc)).to.deep.equal(['2027-03-21T05:30:00.000Z', '2027-03-28T04:30:00.000Z']);
    });

    it('in Paris, the same change still skips 02:30: refused, naming the zone', () => {
      const now = new Date('2026-12-07T09:00:00Z');
      const body = { start: wallClock('2027-03-21', '02:30', 'Europe/Paris'), modality: 'video' as const, recurrence: { every: 'week' as const, count: 2 } };
      expect(() => assertWhen(body, now, 'Europe/Paris')).to.throw(/Europe\/Paris clocks skip/);
    });
  });

  describe('through the API: a structure in La Réunion, served by a mainland agency', () => {
    const t = useTestApp();
    const inbox = useInbox(t);
    let w: Awaited<ReturnType<typeof bookingWorld>>;
    let reunion: { id: string; auth: string; email: string };
    before(async () => {
      w = await bookingWorld(t, 3);
      const structure = await aStructure({ name: 'PASS Saint-Denis', department: '974' });
      const requester = await aUser('requester', { structureId: structure.id });
      reunion = { id: structure.id, email: requester.email, auth: `Bearer ${await t.login(requester.email)}` };
    });
    const book = async (body: object) => {
      const res = await t.http().post('/api/requests').set('Authorization', reunion.auth).send(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body as { id: string; start: string; timeZone: string; seriesId?: string };
    };
    /** Offered to the agency by a first wave, then assigned by its dispatcher, as the dispatcher's queue does. */
    const assignedByDispatcher = async (requestId: string, clock: TestClock) => {
      await jobRunner(clock).runDue();
      const seen = await t.http().get(`/api/requests/${requestId}`).set('Authorization', w.dispatcher.auth);
      expect(seen.status, JSON.stringify(seen.body)).to.equal(200);
      const res = await t.http().post(`/api/requests/${requestId}/assign`).set('Authorization', w.dispatcher.auth).send({ interpreterId: w.interpreters[0]!.id });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return seen.body as { timeZone: string; start: string };
    };

    it('a structure in 974 says its zone; a session typed at 10:00 there repeats at 10:00 there across Paris’s autumn change', async () => {
      const structure = await t.http().get(`/api/structures/${reunion.id}`).set('Authorization', reunion.auth);
      expect(structure.body).to.include({ department: '974', timeZone: REUNION });
      const change = nextClockChange('autumn');
      const daysBefore = DateTime.fromISO(change).minus({ days: 3 }).toISODate()!;
      const first = await book({ language: 'ara', modality: 'video', start: wallClock(daysBefore, '10:00', REUNION), durationMinutes: 60, recurrence: { every: 'week', count: 2 } });
      expect(first.timeZone).to.equal(REUNION);
      const sessions = ((await t.http().get('/api/requests').query({ seriesId: first.seriesId! }).set('Authorization', reunion.auth)).body as Array<{ start: string; occurrence: number; timeZone: string }>)
        .sort((a, b) => a.occurrence - b.occurrence);
      expect(sessions.map((s) => [DateTime.fromISO(s.start, { zone: REUNION }).toFormat('HH:mm'), s.timeZone])).to.deep.equal([['10:00', REUNION], ['10:00', REUNION]]);
      expect(new Date(sessions[1]!.start).getTime() - new Date(sessions[0]!.start).getTime()).to.equal(7 * 24 * 3600_000);
    });

    it('assigned by a mainland dispatcher at 20:00 La Réunion time: the dispatcher sees its zone, the mail says "à 20h00 (heure de La Réunion)", the commitment is priced as evening there', async () => {
      const clock = new TestClock();
      const day = ordinaryReunionDay(5);
      const request = await book({ language: 'ara', modality: 'video', start: wallClock(day, '20:00', REUNION), durationMinutes: 60 });
      const seen = await assignedByDispatcher(request.id, clock);
      expect(seen.timeZone).to.equal(REUNION);

      const mails = await inbox.about(request.id, reunion.auth, { now: clock.now });
      const confirmed = mails.find((m) => recipients(m).includes(reunion.email) && /^Interprète confirmé·e/.test(m.subject ?? ''));
      expect(confirmed, mails.map((m) => m.subject).join('\n')).to.exist;
      const spoken = DateTime.fromISO(day).setLocale('fr').toFormat('cccc d LLLL yyyy');
      expect(confirmed!.text).to.include(`le ${spoken} à 20h00 (heure de La Réunion)`);

      const [commitment] = await entriesOfRequest(request.id);
      // 4 quarters of video at 12.50 EUR, +25 % at night: 20:00 is evening in La Réunion (17:00 in Paris).
      expect(commitment!.committedCents).to.equal(6250);
      expect(commitment!.committedCents).to.equal(priceSession(DEFAULT_TARIFF, { modality: 'video', start: new Date(request.start), minutes: 60, department: '974' }).costCents);
      expect(commitment!.day).to.equal(day);
    });

    it('00:30 on 20 December in La Réunion is priced as its holiday and counted on its Réunion date, though Paris is still on the 19th', async () => {
      const clock = new TestClock();
      const day = nextReunionAbolitionDay(3);
      const request = await book({ language: 'ara', modality: 'video', start: wallClock(day, '00:30', REUNION), durationMinutes: 60 });
      await assignedByDispatcher(request.id, clock);
      const [commitment] = await entriesOfRequest(request.id);
      expect(commitment!.committedCents).to.equal(5000 + 2500);
      expect(commitment!.day).to.equal(day);
    });

    it('the interpreter who does not reconfirm a 10:00 session there is flagged at 18:00 La Réunion time the day before', async () => {
      const clock = new TestClock();
      const runner = jobRunner(clock);
      const day = ordinaryReunionDay(4);
      const request = await book({ language: 'ara', modality: 'video', start: wallClock(day, '10:00', REUNION), durationMinutes: 60 });
      await assignedByDispatcher(request.id, clock);
      const eve = DateTime.fromISO(day, { zone: REUNION }).minus({ days: 1 }).set({ hour: 18 });
      const atRisk = async () => ((await t.http().get(`/api/requests/${request.id}`).set('Authorization', w.dispatcher.auth)).body as { atRisk?: boolean }).atRisk;

      clock.set(eve.minus({ minutes: 1 }).toJSDate());
      await runner.runDue();
      expect(await atRisk(), 'at 17:59 there').to.equal(undefined);
      const asked = (await inbox.about(request.id, reunion.auth, { now: clock.now })).filter((m) => /^À reconfirmer/.test(m.subject ?? ''));
      expect(asked).to.have.length(1);
      expect(asked[0]!.text).to.include('à 10h00 (heure de La Réunion)');

      // 18:01 there is 15:01 in Paris: a Paris deadline would still be two hours away.
      clock.set(eve.plus({ minutes: 1 }).toJSDate());
      await runner.runDue();
      await runner.runDue();
      expect(await atRisk(), 'at 18:01 there').to.equal(true);
    });
  });

  describe('an agency in La Réunion: its interpreters’ hours are La Réunion’s', () => {
    const t = useTestApp();
    let reunion: string;
    let lyon: string;
    before(async () => {
      const agency = await createAgency({ name: 'Interprètes de l’océan Indien', departments: ['974'] });
      // Malagasy by phone from 08:00 to 12:00, La Réunion time, every day; nobody else speaks it here.
      await anInterpreter(agency.id, { languages: ['mlg'], modalities: ['phone'], departments: [], availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '12:00' })) });
      const login = async (department: string) => `Bearer ${await t.login((await aUser('requester', { structureId: (await aStructure({ department })).id })).email)}`;
      [reunion, lyon] = await Promise.all([login('974'), login('69')]);
    });
    const eligibleAt = async (auth: string, start: string) => {
      const res = await t.http().get('/api/requests/coverage').query({ language: 'mlg', modality: 'phone', start, durationMinutes: 60 }).set('Authorization', auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body.eligible as number;
    };

    it('09:00 to 10:00 there is within them, 13:00 is not, whoever asks', async () => {
      const day = ordinaryReunionDay(3);
      expect(await eligibleAt(reunion, wallClock(day, '09:00', REUNION)), '09:00 La Réunion').to.equal(1);
      expect(await eligibleAt(reunion, wallClock(day, '13:00', REUNION)), '13:00 La Réunion').to.equal(0);
      // From Lyon, 06:30 Paris is 09:30 (or 08:30 in Paris's summer) in La Réunion; 10:00 Paris is 13:00 (or 12:00) there.
      expect(await eligibleAt(lyon, wallClock(day, '06:30', 'Europe/Paris')), '06:30 Paris').to.equal(1);
      expect(await eligibleAt(lyon, wallClock(day, '10:00', 'Europe/Paris')), '10:00 Paris').to.equal(0);
    });
  });
});
