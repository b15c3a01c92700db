import { expect } from 'chai';
import { DateTime } from 'luxon';
import { rankFor } from '../../server/booking/match-inputs';
import { RequestModel, type RequestDoc } from '../../server/booking/store';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';
import { anAgency, anInterpreter } from '../support/fixtures';

describe('Ranking weighs each agency’s tariff', () => {
  const t = useTestApp();

  it('puts the interpreter of the cheaper agency first when all else is equal, and says why', async () => {
    const w = await bookingWorld(t, 0);
    const cheap = await anAgency('Agence économique');
    // Two interpreters alike in everything but their agency; the one of the default-tariff agency has
    // the smaller id, so without the tariff it would come first.
    const usual = await anInterpreter(w.agency.id, { name: 'Interprète A' });
    const thrifty = await anInterpreter(cheap.id, { name: 'Interprète B' });
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
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start: parisIn(2, '10:00'), durationMinutes: 30 });
    const doc = (await RequestModel.findById(res.body.id).lean<RequestDoc>())!;

    const before = (await rankFor(doc, new Date())).ranked;
    expect(before.map((c) => c.interpreterId)).to.deep.equal([usual.id, thrifty.id]);

    await t.http().post('/api/tariffs').set('Authorization', w.auditor.auth).send(body).expect(201);
    const after = (await rankFor(doc, new Date())).ranked;
    expect(after.map((c) => c.interpreterId)).to.deep.equal([thrifty.id, usual.id]);
    expect(after[0]!.reasons).to.include("Tarif d'agence le plus bas");
  });
});
