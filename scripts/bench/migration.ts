import mongoose from 'mongoose';
import { migrateToRegions, REGIONS_MIGRATION } from '../../server/migrations/regions';
import { seedDemo } from '../../server/seed/demo-data';
import { addHistory } from './history';

/** What the start-up migration to regions costs on a year of history put back into the shape of a database from before regions. */
export interface MigrationFigures {
  requests: number;
  ledgerEntries: number;
  structures: number;
  /** The migration's own measure (server/migrations/regions.ts), first start then the next. */
  firstMs: number;
  nextMs: number;
  changed: Record<string, number>;
}

/**
 * Seeds the demo and this year's history so far, then undoes what regions added, as a database of
 * before regions holds it (no `region` on structures, auditors, their sessions and audit lines; budgets
 * keyed by year alone), and runs the migration twice, as two starts would.
 */
export async function benchRegionsMigration(log: (line: string) => void): Promise<MigrationFigures> {
  await seedDemo();
  await addHistory(1, log);
  const db = mongoose.connection.db!;
  await db.collection('structures').updateMany({}, { $unset: { region: '' } });
  await db.collection('users').updateMany({ role: 'auditor' }, { $unset: { region: '' } });
  await db.collection('sessions').updateMany({ role: 'auditor' }, { $unset: { region: '' } });
  await db.collection('audit').updateMany({}, { $unset: { region: '' } });
  for (const budget of await db.collection<{ _id: string; year: number }>('budgets').find({}).toArray()) {
    const { _id, region: _region, year, migratedFrom: _from, ...rest } = budget as unknown as Record<string, unknown> & { _id: string; year: number };
    await db.collection('budgets').deleteOne({ _id: _id as never });
    await db.collection('budgets').insertOne({ ...rest, _id: String(year) } as never);
  }
  await db.collection('migrations').deleteMany({ _id: REGIONS_MIGRATION as never });
  const first = await migrateToRegions();
  const next = await migrateToRegions();
  return {
    requests: await db.collection('requests').countDocuments(),
    ledgerEntries: await db.collection('ledger').estimatedDocumentCount(),
    structures: await db.collection('structures').countDocuments(),
    firstMs: first.ms,
    nextMs: next.ran ? next.ms : 0,
    changed: first.changed,
  };
}
