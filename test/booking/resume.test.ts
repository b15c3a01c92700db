import { expect } from 'chai';
import { resumeUndispatched } from '../../server/booking/dispatch';
import { OfferModel, RequestModel } from '../../server/booking/store';
import { JobModel } from '../../server/platform/jobs-store';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';

describe('Dispatch left unplanned by a killed process', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 3);
  });

  it('an open request with no step planned (killed between its insert and its planning) is planned again, once', async () => {
    const res = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 30 });
    const planned = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start: parisIn(4, '10:00'), durationMinutes: 30 });
    // As if the process died right after writing the first request: none of its jobs exist.
    await JobModel.deleteMany({ subject: res.body.id });
    await RequestModel.updateOne({ _id: res.body.id }, { $set: { dispatchPlannedAt: null } });
    const plannedJobs = await JobModel.countDocuments({ subject: planned.body.id });

    expect(await resumeUndispatched(new Date(), 60_000), 'too recent: it may still be being planned').to.equal(0);
    expect(await resumeUndispatched(new Date(), 0)).to.equal(1);
    expect(await resumeUndispatched(new Date(), 0), 'a second pass finds nothing').to.equal(0);
    expect(await JobModel.countDocuments({ subject: planned.body.id }), 'the other request is untouched').to.equal(plannedJobs);

    await jobRunner(new TestClock()).runDue();
    expect(await OfferModel.countDocuments({ requestId: res.body.id, status: 'live' })).to.be.greaterThan(0);
  });
});
