import mongoose from 'mongoose';
import { recordEntries } from '../../server/billing/ledger';
import { connectMongoose } from '../../server/platform/db';

// A second process recording usage, for the test of two writers folding the same month.
await connectMongoose(process.env.WORKER_URI!, process.env.WORKER_DB!);
const count = Number(process.env.WORKER_COUNT);
process.stdout.write('ready\n');
const writes = [];
for (let i = 0; i < count; i += 1) {
  writes.push(recordEntries([{
    key: `${process.env.WORKER_PREFIX}-${i}`, kind: 'session', at: new Date(), structureId: 'a'.repeat(24), language: 'ara', modality: 'phone',
    day: '2026-05-05', sessions: 1, workedMinutes: 20, billedMinutes: 30, costCents: 500, committedCents: 0,
  }]));
}
await Promise.all(writes);
await mongoose.disconnect();
