import { expect } from 'chai';
import { DateTime } from 'luxon';
import { configureDispatch, DEFAULT_DISPATCH_POLICY } from '../../server/booking/dispatch-policy';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';
import { anAgency, anInterpreter, aUser } from '../support/fixtures';

describe('Ranking weighs each agency’s tariff', () => {
  const t = useTestApp();

  it('puts the interpreter of the cheaper agency first when all else is equal, and says why', async () => {
    const w = await bookingWorld(t, 0);
    const cheap = await anAgency('Agence économique');
    const auth = async <U extends { email: string }>(user: U) => ({ ...user, auth: `Bearer ${await t.login(user.email)}` });
    const cheapDispatcher = await auth(await aUser('dispatcher', { agencyId: cheap.id }));
    // Two interpreters alike in everything but their agency; the one of the default-tariff agency has
    // the smaller id, so without the tariff it would come first.
    const usual = await auth(await anInterpreter(w.agency.id, { name: 'Interprète A' }));
    const thrifty = await auth(await anInterpreter(cheap.id, { name: 'Interprète B' }));
    /** A request whose first wave reaches one interpreter: the one ranked first, as the offers pages show. */
    const firstRanked = async () => {
      const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start: parisIn(2, '10:00'), durationMinutes: 30 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      configureDispatch({ waveSize: 1 });
      try {
        await jobRunner(new TestClock()).runDue();
      } finally {
        configureDispatch(DEFAULT_DISPATCH_POLICY);
      }
      const offered = [];
      for (const interpreter of [usual, thrifty]) if (await offerOf(t, interpreter, res.body.id)) offered.push(interpreter.id);
      return { id: res.body.id as string, offered };
    };
    /** The interpreter of the dispatcher's agency among the request's candidates, with their score and reasons. */
    const candidateOf = async (dispatcher: { auth: string }, requestId: string) => {
      const res = await t.http().get(`/api/requests/${requestId}/candidates`).set('Authorization', dispatcher.auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.candidates).to.have.length(1);
      return res.body.candidates[0] as { interpreterId: string; score: number; reasons: string[] };
    };
    const today = DateTime.now().setZone('Europe/Paris').toISODate()!;
    const body = {
      agencyId: cheap.id,
      validFrom: today,
      modalities: {
        phone: { unitCents: 900, unitMinutes: 15, minimumMinutes: 15, travelFeeCents: 0 },
        video: { unitCents: 1000, unitMinutes: 15, minimumMinutes: 30, travelFeeCents: 0 },
        onsite: { unitCents: 2500, unitMinutes: 30, minimumMinutes: 60, travelFeeCents: 1000 },
      },
      surcharges: { nightPercent: 25, nightStart: '20:00', nightEnd: '08:00', sundayPercent: 25, holidayPercent: 50 },
      cancellation: { freeBeforeMinutes: 1440, lateBilledPercent: 100, noShowBilledPercent: 100 },
    };

    const before = await firstRanked();
    expect(before.offered).to.deep.equal([usual.id]);
    const [usualBefore, thriftyBefore] = [await candidateOf(w.dispatcher, before.id), await candidateOf(cheapDispatcher, before.id)];
    expect(usualBefore).to.include({ interpreterId: usual.id, score: thriftyBefore.score });
    expect(thriftyBefore.reasons).not.to.include("Tarif d'agence le plus bas");

    await t.http().post('/api/tariffs').set('Authorization', w.auditor.auth).send(body).expect(201);
    const after = await firstRanked();
    expect(after.offered).to.deep.equal([thrifty.id]);
    const [usualAfter, thriftyAfter] = [await candidateOf(w.dispatcher, after.id), await candidateOf(cheapDispatcher, after.id)];
    expect(thriftyAfter).to.include({ interpreterId: thrifty.id });
    expect(thriftyAfter.score).to.be.greaterThan(usualAfter.score);
    expect(thriftyAfter.reasons).to.include("Tarif d'agence le plus bas");
    expect(usualAfter.reasons).not.to.include("Tarif d'agence le plus bas");
  });
});
