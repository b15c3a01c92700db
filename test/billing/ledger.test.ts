import { spawn } from 'node:child_process';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { entriesOfRequest, ledgerKeys, readMonths, rebuildRollups, recordEntries, totalsKey, type NewEntry } from '../../server/billing/ledger';
import { encodeTotals, ledgerEntries, ledgerStoreForTests, rollupHeads, rollupId, rollups, type LedgerEntry } from '../../server/billing/ledger-store';
import { useTestApp } from '../support/app';
import { anEntry } from '../support/billing';

/** The entry as the ledger stores it, not yet counted by its month's roll-up. */
const unfolded = ({ key, ...entry }: NewEntry): LedgerEntry => ({ ...entry, _id: key, month: entry.day.slice(0, 7), folded: false });

/** Writes the next version of the month's roll-up with these totals and moves the head to it, as a folder does. */
async function writeRollup(month: string, totals: Record<string, [number, number, number, number]>, lastBatch: string[] = []) {
  const version = await rollupHeads.version(month);
  expect(await rollups.create({ _id: rollupId(month, version + 1), month, version: version + 1, totals: encodeTotals(totals), lastBatch })).to.equal(true);
  expect(await rollupHeads.move(month, version, version + 1)).to.equal(true);
}

const cellOf = async (month: string, cell = `${'a'.repeat(24)}|ara|phone`) => (await readMonths([month])).get(month)!.totals[cell];

describe('Usage ledger and roll-ups', () => {
  const t = useTestApp();

  it('records an entry once however often the same key is recorded, even concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => recordEntries([anEntry('once')])));
    expect(results.flat()).to.have.length(1);
    expect((await ledgerKeys()).has('once')).to.equal(true);
    expect(await cellOf('2026-03')).to.deep.equal([1, 30, 2400, 0]);
  });

  it('keeps the monthly roll-up equal to the ledger under 100 concurrent writers', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => recordEntries([anEntry(`many-${i}`, { day: '2026-04-02', costCents: 100 + i })])));
    const cell = await cellOf('2026-04');
    expect(cell).to.deep.equal([100, 3000, 100 * 100 + (99 * 100) / 2, 0]);
    expect(await ledgerEntries.hasUnfolded('2026-04'), 'every entry marked folded').to.equal(false);
  });

  it('keeps roll-ups exact when another process records in the same month at the same time', async function () {
    this.timeout(60_000);
    const worker = spawn(process.execPath, ['--import', 'tsx', 'test/billing/append-worker.ts'], {
      env: { ...process.env, WORKER_URI: process.env.TEST_MONGODB_URI, WORKER_DB: t.dbName, WORKER_COUNT: '60', WORKER_PREFIX: 'other' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number>((resolve) => worker.on('exit', (code) => resolve(code ?? 1)));
    // Both processes start appending at the same moment.
    await new Promise<void>((resolve) => worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    const mine = [];
    for (let i = 0; i < 60; i += 1) mine.push(recordEntries([anEntry(`mine-${i}`, { day: '2026-05-05', costCents: 1000 })]));
    await Promise.all(mine);
    expect(await exited).to.equal(0);
    expect(await cellOf('2026-05')).to.deep.equal([120, 3600, 60 * 1000 + 60 * 500, 0]);
    const check = await rebuildRollups({ fix: false });
    expect(check.mismatches).to.deep.equal([]);
  });

  it('counts an entry whose writer died after its insert, before folding it', async () => {
    await recordEntries([anEntry('before-crash', { day: '2026-06-01' })]);
    // What a process killed between its insert and its fold leaves: an entry the roll-up does not count yet.
    expect(await ledgerEntries.insert([unfolded(anEntry('orphan', { day: '2026-06-01', costCents: 999 }))])).to.have.length(1);
    expect(await cellOf('2026-06')).to.deep.equal([2, 60, 2400 + 999, 0]);
    expect(await cellOf('2026-06'), 'read again, counted once').to.deep.equal([2, 60, 2400 + 999, 0]);
  });

  it('never counts twice a batch whose folder died after writing the roll-up, before marking the entries', async () => {
    const batch = [anEntry('r1', { day: '2026-07-01' }), anEntry('r2', { day: '2026-07-02' })];
    // As if the folder of r1 and r2 had died right after its roll-up write: the roll-up counts them, their marks are missing.
    expect(await ledgerEntries.insert(batch.map(unfolded))).to.have.length(2);
    await writeRollup('2026-07', { [totalsKey(batch[0]!)]: [2, 60, 4800, 0] }, ['r1', 'r2']);
    expect(await ledgerEntries.hasUnfolded('2026-07')).to.equal(true);
    await recordEntries([anEntry('r3', { day: '2026-07-03' })]);
    expect(await cellOf('2026-07')).to.deep.equal([3, 90, 7200, 0]);
    expect(await ledgerEntries.hasUnfolded('2026-07')).to.equal(false);
    expect((await rebuildRollups({ fix: false })).mismatches).to.deep.equal([]);
  });

  it('refuses to edit or delete a ledger entry: corrections are new entries', async () => {
    await recordEntries([anEntry('fixed', { day: '2026-08-01', requestId: 'fixed-request' })]);
    let updateError: unknown;
    try {
      await ledgerStoreForTests.entries.updateOne({ _id: 'fixed' }, { $set: { costCents: 1 } });
    } catch (error) {
      updateError = error;
    }
    expect(String(updateError)).to.match(/immutable/);
    let deleteError: unknown;
    try {
      await ledgerStoreForTests.entries.deleteOne({ _id: 'fixed' });
    } catch (error) {
      deleteError = error;
    }
    expect(String(deleteError)).to.match(/immutable/);
    expect((await entriesOfRequest('fixed-request')).map((e) => [e._id, e.costCents])).to.deep.equal([['fixed', 2400]]);
  });

  it('the rebuild command finds a roll-up that differs from the ledger, and fixes it', async () => {
    await recordEntries([anEntry('x1', { day: '2026-09-01' })]);
    // As if a faulty folder had written the month's next version with totals the ledger does not add up to.
    await writeRollup('2026-09', { wrong: [1, 1, 1, 1] });
    const found = await rebuildRollups({ fix: true });
    expect(found.mismatches.some((m) => m.startsWith('2026-09'))).to.equal(true);
    expect((await rebuildRollups({ fix: false })).mismatches).to.deep.equal([]);
    expect(await cellOf('2026-09')).to.deep.equal([1, 30, 2400, 0]);
    expect(mongoose.connection.name).to.equal(t.dbName);
  });
});
