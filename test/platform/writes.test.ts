import { expect } from 'chai';
import { mongo } from 'mongoose';
import { toAppError } from '../../server/platform/errors';
import { duplicateRows } from '../../server/platform/writes';
import { ENGINES, startEngine } from '../engine/engines';

describe('Writes: a row is taken as written only when the database wrote it', () => {
  it('rows refused as duplicates are the only ones left out', async () => {
    const engine = await startEngine(ENGINES.patched);
    try {
      const rows = engine.db.collection<{ _id: string }>('rows');
      await rows.insertOne({ _id: 'b' });
      let error: unknown;
      await rows.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }], { ordered: false }).catch((e: unknown) => { error = e; });
      expect([...duplicateRows(error, 3)]).to.deep.equal([1]);
      expect(await rows.countDocuments()).to.equal(3);
    } finally {
      await engine.stop();
    }
  });

  it('an insertMany cut by the engine dying is an error, never "only duplicates" (the driver wraps it in a bulk write error with no write errors)', async function () {
    this.timeout(60_000);
    const engine = await startEngine(ENGINES.patched);
    try {
      const rows = engine.db.collection('rows');
      const batch = Array.from({ length: 50_000 }, (_, i) => ({ n: i, pad: 'x'.repeat(200) }));
      const insert = rows.insertMany(batch, { ordered: false }).then(() => undefined, (e: unknown) => e);
      setTimeout(() => process.kill(engine.engine.pid, 'SIGKILL'), 200);
      const error = await insert;
      expect(error, 'the insert failed').to.be.instanceOf(Error);
      expect((error as { writeErrors?: unknown[] }).writeErrors ?? [], 'no write error says why').to.have.length(0);
      expect(() => duplicateRows(error, batch.length)).to.throw();
      expect(toAppError(error).status, 'answered as the database being away').to.equal(503);
    } finally {
      await engine.stop();
    }
  });

  it('refuses a failure that mixes duplicates with other errors, or that left rows unaccounted for', () => {
    const duplicate = { index: 0, code: 11000 };
    expect(() => duplicateRows({ writeErrors: [duplicate, { index: 1, code: 121 }] }, 2)).to.throw();
    expect(() => duplicateRows({ writeErrors: [duplicate], result: { insertedCount: 0 } }, 2)).to.throw();
    expect(() => duplicateRows({ writeErrors: [duplicate], writeConcernError: { code: 64 } }, 1)).to.throw();
    expect([...duplicateRows({ writeErrors: [duplicate], result: { insertedCount: 1 } }, 2)]).to.deep.equal([0]);
    expect(() => duplicateRows(new mongo.MongoNetworkError('connection closed'), 1)).to.throw('connection closed');
  });
});
