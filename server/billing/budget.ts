import { DateTime } from 'luxon';
import { structureSummaries, structureSummary, type StructureSummary } from '../directory/structures';
import { auditorRegion, type Actor } from '../platform/actor';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { MAINLAND_ZONE, regionByCode } from '../../shared/regions';
import { badRequest, notFound } from '../platform/errors';
import { recordAudit } from './audit';
import type { InvoiceBuyer } from '../../shared/schemas/billing';
import { budgets, type BudgetDoc } from './budget-store';
import { monthsOf, readMonths, type MonthTotals } from './ledger';
import type { UsageTotals } from './ledger-store';
import type { BudgetReport, BudgetRow, RegionSummary } from '../../shared/reports';
import { startNewFlights } from '../platform/single-flight';

// A year's budget: the regional envelope and each structure's allocation, set by auditors (every change
// in the audit trail), held against what the ledger's roll-ups say was consumed and committed.

async function changeBudget(region: string, year: number, decide: (doc: BudgetDoc) => Partial<BudgetDoc> | null): Promise<BudgetDoc> {
  const changed = await budgets.change(region, year, decide);
  if (!changed) throw new Error(`budget ${region}:${year} vanished while changing it`);
  return changed;
}

/** The auditor's region's allocation of a structure: another region's structure is not found, as an unknown one. */
export async function setAllocation(actor: Actor, year: number, structureId: string, amountCents: number, now = new Date()) {
  const region = auditorRegion(actor);
  if ((await structureSummary(structureId))?.region !== region) throw notFound('Structure');
  let before: number | null = null;
  const changed = await changeBudget(region, year, (doc) => {
    before = doc.allocations[structureId] ?? null;
    return { allocations: { ...doc.allocations, [structureId]: amountCents } };
  });
  startNewFlights();
  await recordAudit(actor, { id: auditId(region, year, changed.version), entity: 'allocation', entityId: structureId, year, region, before, after: amountCents }, now);
  return { year, structureId, amountCents };
}

/** The envelope of the auditor's region. */
/** Sets the auditor's region's envelope of a year, and the ARS as its invoices' buyer when given (kept otherwise). */
export async function setEnvelope(actor: Actor, year: number, amountCents: number, now = new Date(), buyer?: InvoiceBuyer, named?: string) {
  const region = envelopeRegion(actor, named);
  let before: number | null = null;
  const changed = await changeBudget(region, year, (doc) => {
    before = doc.envelopeCents;
    return buyer ? { envelopeCents: amountCents, buyer } : { envelopeCents: amountCents };
  });
  startNewFlights();
  await recordAudit(actor, { id: auditId(region, year, changed.version), entity: 'envelope', entityId: String(year), year, region, before, after: buyer ? { amountCents, buyer } : amountCents }, now);
  return { year, amountCents, buyer: changed.buyer ?? undefined };
}

/**
 * Whose envelope: an auditor's own region (naming another is 400 `not_your_region`); for an admin, who
 * starts a region from the pages, the one named (400 `region_required` without it).
 */
function envelopeRegion(actor: Actor, named: string | undefined): string {
  if (actor.role === 'admin') {
    if (!named) throw badRequest('An administrator names the region of the envelope.', [{ field: 'region', code: 'region_required', message: 'the region (its INSEE code) whose envelope this is' }]);
    return named;
  }
  const region = auditorRegion(actor);
  if (named !== undefined && named !== region) throw badRequest('An auditor sets their own region’s envelope.', [{ field: 'region', code: 'not_your_region', message: `must be ${region} or left out` }]);
  return region;
}

/** The ARS of a region as the buyer on the invoices of a year, null when the auditors did not set it. */
export async function regionBuyer(region: string, year: number): Promise<InvoiceBuyer | null> {
  return (await budgets.findOne(region, year))?.buyer ?? null;
}

/** The regions with a budget for the year, the default one always (in code order). */
export async function budgetRegions(year: number): Promise<string[]> {
  return [...new Set([DEFAULT_REGION_CODE, ...(await budgets.ofYear(year)).map((doc) => doc.region)])].sort();
}

/** Start-up's migration to regions: the budgets from before regions become `region`'s. */
export const backfillBudgetRegions = (region: string) => budgets.backfillRegion(region);

// The default region keeps the ids its audit entries had before regions; the others' name their region.
const auditId = (region: string, year: number, version: number) =>
  region === DEFAULT_REGION_CODE ? `budget:${year}:v${version}` : `budget:${region}:${year}:v${version}`;

/** Per structure: consumed and committed cents over the year's months, from the roll-ups. */
const summed = new Map<number, { months: MonthTotals[]; totals: Map<string, { consumed: number; committed: number }> }>();

export async function yearTotals(year: number): Promise<Map<string, { consumed: number; committed: number }>> {
  const months = await readMonths(monthsOf(year));
  // The roll-ups read are shared objects, replaced when their version moves: the same objects, the same sums.
  const hit = summed.get(year);
  if (hit && [...months.values()].every((month, i) => month === hit.months[i])) return hit.totals;
  const totals = new Map<string, { consumed: number; committed: number }>();
  for (const month of months.values()) {
    for (const [key, cell] of Object.entries(month.totals) as Array<[string, UsageTotals]>) {
      const structureId = key.slice(0, key.indexOf('|'));
      const total = totals.get(structureId) ?? { consumed: 0, committed: 0 };
      total.consumed += cell[2];
      total.committed += cell[3];
      totals.set(structureId, total);
    }
  }
  summed.set(year, { months: [...months.values()], totals });
  return totals;
}

/**
 * How far through `year` we are, from 0 to 1, in `zone` (the region's: La Réunion's year starts three
 * hours before Paris's): the run rate's denominator. Past years are over (1); future years have not started (0).
 */
export function elapsedShare(year: number, now: Date, zone: string = MAINLAND_ZONE): number {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  const end = start.plus({ years: 1 });
  const at = now.getTime();
  if (at >= end.toMillis()) return 1;
  if (at <= start.toMillis()) return 0;
  return (at - start.toMillis()) / (end.toMillis() - start.toMillis());
}

/**
 * The year-end forecast: what was consumed, extended at the same pace over the rest of the year, and
 * never less than what is already consumed plus committed. Before a week of the year has gone by the
 * run rate means little, so the forecast is consumed plus committed.
 */
export function forecast(consumed: number, committed: number, share: number): number {
  const floor = consumed + committed;
  if (share >= 1) return consumed;
  if (share < 7 / 365) return floor;
  return Math.max(floor, Math.round(consumed / share));
}

/**
 * A region's budget view: every structure of the region with an allocation or any usage, and the region
 * against its envelope (`only`: one structure's row, without the region's).
 */
export async function budgetReport(region: string, year: number, now = new Date(), only?: string): Promise<BudgetReport> {
  const [doc, totals, structures] = await Promise.all([budgets.findOne(region, year), yearTotals(year), structureSummaries()]);
  const allocations = doc?.allocations ?? {};
  const share = elapsedShare(year, now, regionByCode(region)?.timeZone);
  const byId = new Map(structures.map((s) => [s.id, s]));
  const ids = new Set([...Object.keys(allocations), ...[...totals.keys()].filter((id) => byId.get(id)?.region === region)]);
  const rows: BudgetRow[] = [];
  for (const id of ids) {
    if (only && id !== only) continue;
    const structure: StructureSummary = byId.get(id) ?? { id, name: '(structure inconnue)', type: 'OTHER', department: '', region };
    const allocated = allocations[id] ?? 0;
    const { consumed, committed } = totals.get(id) ?? { consumed: 0, committed: 0 };
    rows.push({
      structureId: id,
      name: structure.name,
      type: structure.type,
      department: structure.department,
      allocatedCents: allocated,
      committedCents: committed,
      consumedCents: consumed,
      remainingCents: allocated - consumed - committed,
      forecastCents: forecast(consumed, committed, share),
      consumedPercent: allocated > 0 ? Math.round((consumed / allocated) * 1000) / 10 : null,
      overAllocation: consumed > allocated,
    });
  }
  rows.sort((a, b) => b.consumedCents - a.consumedCents || a.name.localeCompare(b.name, 'fr'));
  const sum = (pick: (row: BudgetRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const envelopeCents = doc?.envelopeCents ?? null;
  const consumed = sum((r) => r.consumedCents);
  const committed = sum((r) => r.committedCents);
  const summary: RegionSummary = {
    envelopeCents,
    allocatedCents: sum((r) => r.allocatedCents),
    committedCents: committed,
    consumedCents: consumed,
    remainingCents: (envelopeCents ?? 0) - consumed - committed,
    forecastCents: forecast(consumed, committed, share),
    consumedPercent: envelopeCents ? Math.round((consumed / envelopeCents) * 1000) / 10 : null,
    overEnvelope: envelopeCents !== null && consumed > envelopeCents,
  };
  return { year, envelopeCents, region: only ? undefined : summary, ...(only ? {} : { buyer: doc?.buyer ?? null }), rows };
}
