import { DateTime } from 'luxon';
import { structureSummaries, structureSummary, type StructureSummary } from '../directory/structures';
import { contactEmails } from '../directory/users';
import { enqueueMail } from '../notify/outbox';
import type { Actor } from '../platform/actor';
import { notFound } from '../platform/errors';
import { recordAudit } from './audit';
import { budgets, type BudgetDoc } from './budget-store';
import { monthsOf, onRecorded, readMonths, type MonthTotals } from './ledger';
import type { UsageTotals } from './ledger-store';
import type { BudgetReport, BudgetRow, RegionSummary } from '../../shared/reports';
import { startNewFlights } from '../platform/single-flight';

// A year's budget: the regional envelope and each structure's allocation, set by auditors (every change
// in the audit trail), held against what the ledger's roll-ups say was consumed and committed.

async function changeBudget(actor: Actor, year: number, decide: (doc: BudgetDoc) => Partial<BudgetDoc> | null): Promise<BudgetDoc> {
  const changed = await budgets.change(year, decide);
  if (!changed) throw new Error(`budget ${year} vanished while changing it`);
  return changed;
}

export async function setAllocation(actor: Actor, year: number, structureId: string, amountCents: number, now = new Date()) {
  if (!(await structureSummary(structureId))) throw notFound('Structure');
  let before: number | null = null;
  const changed = await changeBudget(actor, year, (doc) => {
    before = doc.allocations[structureId] ?? null;
    return { allocations: { ...doc.allocations, [structureId]: amountCents } };
  });
  startNewFlights();
  await recordAudit(actor, { id: `budget:${year}:v${changed.version}`, entity: 'allocation', entityId: structureId, year, before, after: amountCents }, now);
  return { year, structureId, amountCents };
}

export async function setEnvelope(actor: Actor, year: number, amountCents: number, now = new Date()) {
  let before: number | null = null;
  const changed = await changeBudget(actor, year, (doc) => {
    before = doc.envelopeCents;
    return { envelopeCents: amountCents };
  });
  startNewFlights();
  await recordAudit(actor, { id: `budget:${year}:v${changed.version}`, entity: 'envelope', entityId: String(year), year, before, after: amountCents }, now);
  return { year, amountCents };
}

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
 * How far through `year` we are, from 0 to 1, in Paris time: the run rate's denominator. Past years
 * are over (1); future years have not started (0).
 */
export function elapsedShare(year: number, now: Date): number {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'Europe/Paris' });
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

/** The budget view: every structure with an allocation or any usage, and the region against its envelope. */
export async function budgetReport(year: number, now = new Date(), only?: string): Promise<BudgetReport> {
  const [doc, totals, structures] = await Promise.all([budgets.findOne(year), yearTotals(year), structureSummaries()]);
  const allocations = doc?.allocations ?? {};
  const share = elapsedShare(year, now);
  const byId = new Map(structures.map((s) => [s.id, s]));
  const ids = new Set([...Object.keys(allocations), ...totals.keys()]);
  const rows: BudgetRow[] = [];
  for (const id of ids) {
    if (only && id !== only) continue;
    const structure: StructureSummary = byId.get(id) ?? { id, name: '(structure inconnue)', type: 'OTHER', department: '' };
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
  const region: RegionSummary = {
    envelopeCents,
    allocatedCents: sum((r) => r.allocatedCents),
    committedCents: committed,
    consumedCents: consumed,
    remainingCents: (envelopeCents ?? 0) - consumed - committed,
    forecastCents: forecast(consumed, committed, share),
    consumedPercent: envelopeCents ? Math.round((consumed / envelopeCents) * 1000) / 10 : null,
    overEnvelope: envelopeCents !== null && consumed > envelopeCents,
  };
  return { year, envelopeCents, region: only ? undefined : region, rows };
}

export const ALERT_THRESHOLDS = [80, 100] as const;

const euros = (cents: number) => `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/**
 * Mails the auditors (and, for a structure, its users) when consumption reaches 80 % and 100 % of an
 * allocation or of the envelope: once per threshold and year, through the outbox's dedupe keys, however
 * many processes check. Care is never refused for budget: this only tells.
 */
export async function checkBudgetAlerts(year: number, now = new Date()): Promise<number> {
  const report = await budgetReport(year, now);
  const auditors = await contactEmails({ role: 'auditor' });
  let queued = 0;
  for (const row of report.rows) {
    const reached = ALERT_THRESHOLDS.filter((threshold) => row.allocatedCents > 0 && row.consumedCents * 100 >= row.allocatedCents * threshold);
    if (reached.length === 0) continue;
    // The structure's users are read once per structure, and only for one that reached a threshold.
    const to = [...new Set([...auditors, ...(await contactEmails({ structureId: row.structureId }))])];
    if (to.length === 0) continue;
    for (const threshold of reached) {
      await enqueueMail({
        to,
        subject: `Budget d’interprétariat ${year} : ${row.name} a atteint ${threshold} % de son allocation`,
        text: `Bonjour,\n\n${row.name} a consommé ${euros(row.consumedCents)} sur une allocation ${year} de ${euros(row.allocatedCents)} (${row.consumedPercent} %).\n`
          + `Engagé (séances à venir) : ${euros(row.committedCents)}. Prévision de fin d’année : ${euros(row.forecastCents)}.\n`
          + `Les demandes d’interprète restent acceptées : le soin n’est jamais bloqué par le budget.\n`,
        dedupeKey: `budget-alert:${year}:${row.structureId}:${threshold}`,
      });
      queued += 1;
    }
  }
  const region = report.region!;
  if (region.envelopeCents && region.envelopeCents > 0 && auditors.length > 0) {
    for (const threshold of ALERT_THRESHOLDS) {
      if (region.consumedCents * 100 < region.envelopeCents * threshold) continue;
      await enqueueMail({
        to: auditors,
        subject: `Budget d’interprétariat ${year} : la région a atteint ${threshold} % de l’enveloppe`,
        text: `Bonjour,\n\nLa consommation régionale ${year} est de ${euros(region.consumedCents)} pour une enveloppe de ${euros(region.envelopeCents)} (${region.consumedPercent} %).\n`
          + `Engagé (séances à venir) : ${euros(region.committedCents)}. Prévision de fin d’année : ${euros(region.forecastCents)}.\n`,
        dedupeKey: `budget-alert:${year}:region:${threshold}`,
      });
      queued += 1;
    }
  }
  return queued;
}

/**
 * Checks the alerts of the years that usage was just recorded for, a moment after (a burst of
 * completions makes one check), and every `everyMs` in case a process died before its check.
 */
export function watchBudget(options: { onError: (error: unknown) => void; delayMs?: number; everyMs?: number; now?: () => Date }): () => void {
  const now = options.now ?? (() => new Date());
  const pending = new Map<number, NodeJS.Timeout>();
  let stopped = false;
  const check = (year: number) => {
    pending.delete(year);
    if (!stopped) checkBudgetAlerts(year, now()).catch(options.onError);
  };
  onRecorded((entries) => {
    for (const year of new Set(entries.filter((e) => e.costCents !== 0).map((e) => Number(e.day.slice(0, 4))))) {
      if (stopped || pending.has(year)) continue;
      const timer = setTimeout(() => check(year), options.delayMs ?? 2000);
      timer.unref();
      pending.set(year, timer);
    }
  });
  const periodic = setInterval(() => check(DateTime.fromJSDate(now(), { zone: 'Europe/Paris' }).year), options.everyMs ?? 10 * 60_000);
  periodic.unref();
  return () => {
    stopped = true;
    clearInterval(periodic);
    for (const timer of pending.values()) clearTimeout(timer);
  };
}
