import { expect } from 'chai';
import { jobs } from '../../server/platform/jobs-store';
import { cancelJobs, jobsAbout, JobRunner, LEASE_MS, scheduleJob } from '../../server/platform/jobs';
import { useTestApp } from '../support/app';
import { drainJobs } from '../support/jobs';

describe('Durable timers: jobs in the database, claimed with a lease', () => {
  useTestApp();
  // Each test's jobs are about its own subject, and read as a request's export reads its jobs.
  let subject: string;
  let tests = 0;
  const queued = () => jobsAbout(subject);
  beforeEach(async () => {
    await drainJobs();
    subject = `test-${(tests += 1)}`;
  });

  const recorder = () => {
    const ran: string[] = [];
    const handlers = {
      note: async (payload: { name: string }) => {
        ran.push(payload.name);
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    };
    return { ran, handlers };
  };

  it('a job runs only once it is due, and then never again', async () => {
    const { ran, handlers } = recorder();
    let now = new Date('2026-03-01T10:00:00Z');
    const runner = new JobRunner(handlers, { owner: 'a', now: () => now });
    await scheduleJob('note', new Date('2026-03-01T10:05:00Z'), { name: 'later' }, { key: 'k1', subject });
    expect(await queued()).to.have.length(1);
    expect(await runner.runDue()).to.equal(0);
    now = new Date('2026-03-01T10:05:00Z');
    expect(await runner.runDue()).to.equal(1);
    expect(await runner.runDue()).to.equal(0);
    expect(ran).to.deep.equal(['later']);
    expect(await queued(), 'a job done leaves the queue').to.deep.equal([]);
  });

  it('scheduling the same key twice keeps one job', async () => {
    expect(await scheduleJob('note', new Date(), { name: 'x' }, { key: 'same', subject })).to.equal(true);
    expect(await scheduleJob('note', new Date(), { name: 'y' }, { key: 'same', subject })).to.equal(false);
    expect((await queued()).map((job) => [job.key, job.payload])).to.deep.equal([['same', { name: 'x' }]]);
  });

  it('two processes polling the same database run each of 40 jobs exactly once', async () => {
    const { ran, handlers } = recorder();
    for (let i = 0; i < 40; i += 1) await scheduleJob('note', new Date(Date.now() - 1000), { name: `j${i}` }, { key: `j${i}` });
    const [a, b] = await Promise.all([new JobRunner(handlers, { owner: 'process-a' }).runDue(), new JobRunner(handlers, { owner: 'process-b' }).runDue()]);
    expect(a + b).to.equal(40);
    expect(ran).to.have.length(40);
    expect(new Set(ran).size).to.equal(40);
  });

  it('a job whose worker died holding it runs again once its lease expires, and only then', async () => {
    const { ran, handlers } = recorder();
    let now = new Date('2026-05-01T08:00:00Z');
    await scheduleJob('note', now, { name: 'orphan' }, { key: 'orphan' });
    // A process claims it and dies before finishing: the row stays "running" under its lease.
    expect(await jobs.claim('dead', 'default', now, LEASE_MS)).to.include({ key: 'orphan', status: 'running', leaseOwner: 'dead' });
    const survivor = new JobRunner(handlers, { owner: 'survivor', now: () => now });
    expect(await survivor.runDue()).to.equal(0);
    now = new Date(now.getTime() + 61_000);
    expect(await survivor.runDue()).to.equal(1);
    expect(ran).to.deep.equal(['orphan']);
  });

  it('a failing job is retried later with a backoff, then succeeds', async () => {
    let now = new Date('2026-06-01T08:00:00Z');
    let calls = 0;
    const runner = new JobRunner({ flaky: async () => { calls += 1; if (calls === 1) throw new Error('boom'); } }, { owner: 'a', now: () => now });
    await scheduleJob('flaky', now, {}, { key: 'flaky', subject });
    await runner.runDue();
    const [after] = await queued();
    expect(after).to.include({ status: 'pending', lastError: 'boom', attempts: 1 });
    expect(after!.runAt.getTime()).to.be.greaterThan(now.getTime());
    expect(await runner.runDue()).to.equal(0);
    now = new Date(now.getTime() + 10_000);
    expect(await runner.runDue()).to.equal(1);
    expect(await queued()).to.deep.equal([]);
    expect(calls).to.equal(2);
  });

  it('cancelling the jobs of some kinds about a request stops those only', async () => {
    const { ran, handlers } = recorder();
    const other = { ...handlers, reminder: handlers.note };
    await scheduleJob('note', new Date(), { name: 'a1' }, { key: 'dispatch:a:v0:wave-1', subject: 'a' });
    await scheduleJob('note', new Date(), { name: 'a2' }, { key: 'dispatch:a:v0:deadline', subject: 'a' });
    await scheduleJob('reminder', new Date(), { name: 'a-reminder' }, { key: 'reminder:a', subject: 'a' });
    await scheduleJob('note', new Date(), { name: 'ab' }, { key: 'dispatch:ab:v0:wave-1', subject: 'ab' });
    expect(await cancelJobs('a', ['note'])).to.equal(2);
    await new JobRunner(other, { owner: 'a' }).runDue();
    expect(ran.sort()).to.deep.equal(['a-reminder', 'ab']);
  });

  it('an immediate job runs on its own lane, never behind a backlog of due booked work', async () => {
    const ran: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => { release = resolve; });
    const handlers = {
      slow: async () => { ran.push('slow'); await blocked; },
      urgent: async () => { ran.push('urgent'); },
    };
    for (let i = 0; i < 50; i += 1) await scheduleJob('slow', new Date(Date.now() - 60_000), {}, { key: `slow-${i}` });
    const booked = new JobRunner(handlers, { owner: 'a', lane: 'default' });
    const immediate = new JobRunner(handlers, { owner: 'a', lane: 'immediate', pollMs: 60_000 });
    const backlog = booked.runDue(); // stuck on its first slow job
    immediate.start();
    await scheduleJob('urgent', new Date(), {}, { key: 'urgent', lane: 'immediate' });
    for (let i = 0; i < 100 && !ran.includes('urgent'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran, 'the urgent job ran while the booked lane was busy').to.deep.equal(['slow', 'urgent']);
    await immediate.stop();
    await booked.stop();
    release();
    await backlog;
  });
});
