import { expect } from 'chai';
import { mongo } from 'mongoose';
import { ENGINES, startEngine, type Started } from './engines';

// FerretDB v1 applies update and findAndModify as a read followed by a write (FerretDB issue #3040).
// The patched engine makes each command's read-modify-write one step; the published build shows why.

async function concurrentIncrements(db: mongo.Db, count: number): Promise<number> {
  const counters = db.collection<{ _id: string; n: number }>('counters');
  await counters.deleteMany({});
  await counters.insertOne({ _id: 'c', n: 0 });
  await Promise.all(Array.from({ length: count }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
  return (await counters.findOne({ _id: 'c' }))!.n;
}

async function concurrentClaims(db: mongo.Db, callers: number): Promise<number> {
  const requests = db.collection<{ _id: string; status: string; by?: number }>('requests');
  await requests.deleteMany({});
  await requests.insertOne({ _id: 'r', status: 'open' });
  const results = await Promise.all(
    Array.from({ length: callers }, (_, i) => requests.findOneAndUpdate({ _id: 'r', status: 'open' }, { $set: { status: 'taken', by: i } }, { returnDocument: 'after' })),
  );
  return results.filter((doc) => doc !== null).length;
}

describe('Engine patch: atomic read-modify-write', function () {
  this.timeout(120_000);
  const started: Started[] = [];
  after(() => Promise.all(started.map((s) => s.stop())));

  it('400 concurrent $inc of one field count 400, and of 50 concurrent findOneAndUpdate({ _id, status: "open" }) exactly one wins', async () => {
    const patched = await startEngine(ENGINES.patched, 50);
    started.push(patched);
    for (let round = 0; round < 3; round += 1) {
      expect(await concurrentIncrements(patched.db, 400)).to.equal(400);
      expect(await concurrentClaims(patched.db, 50)).to.equal(1);
    }
  });

  it('FerretDB v1.24.2 as published fails the same two checks (the proof that they can fail)', async () => {
    const plain = await startEngine(ENGINES.plain, 50);
    started.push(plain);
    let lostIncrements = false;
    let doubleWinners = false;
    // A race shows only when two claims interleave: on a quiet machine that can take more than five rounds.
    for (let round = 0; round < 25 && !(lostIncrements && doubleWinners); round += 1) {
      lostIncrements ||= (await concurrentIncrements(plain.db, 400)) < 400;
      doubleWinners ||= (await concurrentClaims(plain.db, 50)) > 1;
    }
    expect(lostIncrements, 'some of 400 concurrent $inc lost').to.equal(true);
    expect(doubleWinners, 'several winners of one conditional update').to.equal(true);
  });
});
