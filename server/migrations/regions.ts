import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { regionOf } from '../../shared/regions';
import { backfillAuditorSessions } from '../auth/sessions';
import { backfillAuditRegions } from '../billing/audit';
import { backfillBudgetRegions } from '../billing/budget';
import { backfillStructureRegions } from '../directory/structures';
import { backfillAuditorRegions } from '../directory/users';
import { migrations } from './store';

// Issue 27, item 5: a database from before regions (one region, no region field anywhere) gets them at
// start-up. Structures take the region their department says; the years' budgets (envelope and
// allocations) with their audit trail, the auditors and their open sessions take the default region,
// the only one served until then. Each write touches only what still has no region, so it runs once in
// effect: again after a crash half-way, or in two processes starting together, it changes nothing more.
// The marker spares later starts the reads.

export const REGIONS_MIGRATION = 'regions-2026-12';

export interface MigrationResult {
  ran: boolean;
  changed: Record<string, number>;
  ms: number;
}

export async function migrateToRegions(now = new Date()): Promise<MigrationResult> {
  if (await migrations.isDone(REGIONS_MIGRATION)) return { ran: false, changed: {}, ms: 0 };
  const started = performance.now();
  const structures = await backfillStructureRegions((department) => regionOf(department)?.code);
  const auditors = await backfillAuditorRegions(DEFAULT_REGION_CODE);
  const sessions = await backfillAuditorSessions(DEFAULT_REGION_CODE);
  const budgets = await backfillBudgetRegions(DEFAULT_REGION_CODE);
  const auditTrail = await backfillAuditRegions(DEFAULT_REGION_CODE);
  const changed = { structures, auditors, sessions, budgets, auditTrail };
  const ms = Math.round(performance.now() - started);
  await migrations.markDone(REGIONS_MIGRATION, changed, ms, now);
  return { ran: true, changed, ms };
}
