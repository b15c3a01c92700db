import { expect } from 'chai';
import { resumeUndispatched } from '../../server/booking/dispatch';
import { newId, requests, toId } from '../../server/booking/store';
import { useTestApp } from '../support/app';
import { bookingWorld, exported, jobRunner, offerOf, parisIn, TestClock } from '../support/booking';

describe('Dispatch left unplanned by a killed process', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    w = await bookingWorld(t, 3);
  });

  const jobsOf = async (id: string) => (await exported(t, id, w.requester.auth)).jobs as { kind: string }[];

  it('an open request with no step planned (killed between its insert and its planning) is planned again, once', async () => {
    // As if the process died right after writing the request: it is stored, none of its jobs exist.
    const id = newId();
    const start = new Date(parisIn(3, '10:00'));
    await requests.insertNew([{
      _id: id, structureId: toId(w.structure.id), requesterId: toId(w.requester.id), language: 'ara', modality: 'video', immediate: false,
      start, end: new Date(start.getTime() + 30 * 60_000), durationMinutes: 30, status: 'open', createdAt: new Date(),
    }], false);
    const crashed = id.toString();
    const planned = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start: parisIn(4, '10:00'), durationMinutes: 30 });
    expect(await jobsOf(crashed)).to.deep.equal([]);
    const plannedJobs = await jobsOf(planned.body.id);
    expect(plannedJobs).not.to.be.empty;

    expect(await resumeUndispatched(new Date(), 60_000), 'too recent: it may still be being planned').to.equal(0);
    expect(await resumeUndispatched(new Date(), 0)).to.equal(1);
    expect(await resumeUndispatched(new Date(), 0), 'a second pass finds nothing').to.equal(0);
    expect(await jobsOf(planned.body.id), 'the other request is untouched').to.deep.equal(plannedJobs);
    expect((await jobsOf(crashed)).map((job) => job.kind).sort()).to.deep.equal(plannedJobs.map((job) => job.kind).sort());

    await jobRunner(new TestClock()).runDue();
    const offered = await Promise.all(w.interpreters.map((interpreter) => offerOf(t, interpreter, crashed)));
    expect(offered.filter((offer) => offer !== undefined)).to.have.length.greaterThan(0);
  });
});
