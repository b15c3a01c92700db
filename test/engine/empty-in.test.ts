import { expect } from 'chai';
import { ENGINES, startEngine, type Started } from './engines';

// `{ field: { $in: [] } }` matches nothing. MongoDB reads nothing for it; FerretDB as published, and our
// patch before this, left an empty list on `_id` to the Go filter, which decoded every document of the
// collection to find none (a dispatch wave asked so for the agendas of nobody). The patch says it to SQLite as a
// constant false, whose loop SQLite never enters.
describe('Engine patch: an empty $in reads nothing', function () {
  this.timeout(120_000);
  const started: Started[] = [];
  after(() => Promise.all(started.map((s) => s.stop())));

  it('is pushed down on _id and on an indexed path, alone or beside another condition, and finds nothing on both engines', async () => {
    for (const binary of [ENGINES.patched, ENGINES.plain]) {
      const engine = await startEngine(binary);
      started.push(engine);
      const items = engine.db.collection<{ _id: string; k: number; status: string }>('items');
      await items.createIndex({ k: 1 });
      await items.createIndex({ status: 1 });
      await items.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `i${i}`, k: i, status: i % 2 ? 'open' : 'done' })));
      const filters = [{ _id: { $in: [] } }, { k: { $in: [] } }, { _id: { $in: [] }, status: 'open' }, { k: { $in: [] }, status: 'open' }];
      for (const filter of filters) {
        expect(await items.find(filter).toArray(), JSON.stringify(filter)).to.deep.equal([]);
        if (binary !== ENGINES.patched) continue;
        const explained = (await engine.db.command({ explain: { find: 'items', filter } })) as { filterPushdown?: boolean };
        expect(explained.filterPushdown, `${JSON.stringify(filter)} pushed down`).to.equal(true);
      }
    }
  });
});
