import { expect } from 'chai';
import { DateTime } from 'luxon';
import { seedDemoCall } from '../../server/seed/demo-call';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/seed/demo-data';
import { useTestApp } from '../support/app';
import { TestClock, whileDispatching } from '../support/booking';

// The README promises a call one can join right after the first start: it must be booked at any hour,
// on any day, not only in office hours (it failed in the evening when its interpreter's day had ended).
describe('The demo call of the first start', () => {
  const t = useTestApp();
  const clock = new TestClock();
  let requester: string;
  before(async function () {
    this.timeout(60_000);
    expect(await seedDemoIfEmpty()).to.equal(true);
    requester = `Bearer ${await t.login('pass.lyon@demo.test', DEMO_PASSWORD)}`;
  });

  /** Books the demo call as if the first start happened at `paris` (Paris wall-clock time), with dispatch running beside it. */
  const bookedAt = async (paris: string) => {
    const now = DateTime.fromISO(paris, { zone: 'Europe/Paris' }).toJSDate();
    clock.set(now);
    return whileDispatching(clock, () => seedDemoCall(now));
  };

  for (const [label, paris] of [
    ['on a Sunday evening', '2027-01-03T21:40'],
    ['at 03:00 on a weekday', '2027-01-06T03:00'],
    ['at 23:30, running past midnight', '2027-01-07T23:30'],
    ['on the night clocks go forward', '2027-03-28T01:30'],
  ] as const) {
    it(`is booked and assigned ${label}`, async function () {
      this.timeout(90_000);
      const call = await bookedAt(paris);
      expect(call, 'a call').to.not.equal(undefined);
      const res = await t.http().get(`/api/requests/${call!.requestId}`).set('Authorization', requester);
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('assigned');
      expect(res.body.modality).to.equal('video');
      expect(res.body.call?.joinPath, 'its call').to.be.a('string');
      expect(call!.interpreterEmail).to.match(/^interp\d\d@demo\.test$/);
    });
  }
});
