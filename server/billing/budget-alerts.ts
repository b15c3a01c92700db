import { DateTime } from 'luxon';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { contactEmails } from '../directory/users';
import { enqueueMail } from '../notify/outbox';
import { LEASE_MS } from '../platform/jobs';
import type { BudgetReport } from '../../shared/reports';
import { budgetReport } from './budget';
import { budgetAlerts, REGION, type Crossing, type CrossingDoc } from './budget-alerts-store';
import { onRecorded } from './ledger';

// Budget alerts: when consumption passes 80 % or 100 % of a structure's allocation (or of the regional
// envelope), the structure's users get a mail of their own, and the auditors one summary listing every
// threshold passed since their last summary. A threshold passed is recorded once (budget-alerts-store)
// and never announced again. Care is never refused for budget: this only tells. For now it watches the
// default region's budget only, and tells its auditors (issue 27: one watch per region is left to do).

export const ALERT_THRESHOLDS = [80, 100] as const;

const euros = (cents: number) => `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
const percent = (consumed: number, limit: number) => `${(Math.round((consumed / limit) * 1000) / 10).toLocaleString('fr-FR')} %`;

/** The highest threshold each structure (and the region) has reached in the report. */
function reached(report: BudgetReport): Crossing[] {
  const highest = (consumed: number, limit: number | null) => limit && limit > 0 ? ALERT_THRESHOLDS.filter((t) => consumed * 100 >= limit * t).at(-1) : undefined;
  const crossings: Crossing[] = [];
  for (const row of report.rows) {
    const threshold = highest(row.consumedCents, row.allocatedCents);
    if (threshold) crossings.push({ subject: row.structureId, name: row.name, threshold, consumedCents: row.consumedCents, limitCents: row.allocatedCents });
  }
  const region = report.region!;
  const threshold = highest(region.consumedCents, region.envelopeCents);
  if (threshold) crossings.push({ subject: REGION, name: 'La région', threshold, consumedCents: region.consumedCents, limitCents: region.envelopeCents! });
  return crossings;
}

/** The thresholds reached now and not yet recorded. */
async function newCrossings(year: number, now: Date): Promise<Crossing[]> {
  const [report, passed] = await Promise.all([budgetReport(DEFAULT_REGION_CODE, year, now), budgetAlerts.passed(year)]);
  return reached(report).filter((crossing) => crossing.threshold > (passed.get(crossing.subject) ?? 0));
}

/**
 * Records every threshold passed by `year`'s usage, mails each structure whose threshold this call
 * recorded, then the auditors' summary. Returns how many thresholds this call recorded.
 */
export async function checkBudgetAlerts(year: number, now = new Date()): Promise<number> {
  let recorded = 0;
  for (const crossing of await newCrossings(year, now)) {
    if (!(await budgetAlerts.raise(year, crossing, true))) continue;
    recorded += 1;
    if (crossing.subject !== REGION) await mailStructure(year, crossing);
  }
  await summarise(year, now);
  return recorded;
}

/** Records the thresholds already passed without announcing them: a seeded year's history is no news. */
export async function recordPassedThresholds(year: number, now = new Date()): Promise<void> {
  for (const crossing of await newCrossings(year, now)) await budgetAlerts.raise(year, crossing, false);
}

async function mailStructure(year: number, crossing: Crossing): Promise<void> {
  const to = await contactEmails({ structureId: crossing.subject });
  if (to.length === 0) return;
  await enqueueMail({
    to,
    subject: `Budget d’interprétariat ${year} : ${crossing.name} a atteint ${crossing.threshold} % de son allocation`,
    text: `Bonjour,\n\n${crossing.name} a consommé ${euros(crossing.consumedCents)} sur une allocation ${year} de ${euros(crossing.limitCents)} (${percent(crossing.consumedCents, crossing.limitCents)}).\n`
      + `Les demandes d’interprète restent acceptées : le soin n’est jamais bloqué par le budget.\n`,
    dedupeKey: `budget-alert:${year}:${crossing.subject}:${crossing.threshold}`,
  });
}

/**
 * Writes the auditors' summaries of the year while thresholds wait for one. Only one check writes at a
 * time; one that finds another writing leaves its thresholds to it, since the writer looks again for
 * waiting ones after releasing the lease.
 */
async function summarise(year: number, now: Date): Promise<void> {
  for (;;) {
    const taken = await budgetAlerts.takeSummary(year, now, LEASE_MS);
    if (!taken) return;
    if (taken.unfinished !== null) await mailSummary(year, taken.unfinished, await budgetAlerts.listedIn(year, taken.unfinished));
    await mailSummary(year, taken.number, await budgetAlerts.fill(year, taken.number));
    await budgetAlerts.release(year, taken.number);
    if (!(await budgetAlerts.hasPending(year))) return;
  }
}

/** Highest threshold first, the region before the structures, then by name. */
const byUrgency = (a: CrossingDoc, b: CrossingDoc) =>
  b.threshold - a.threshold || Number(b.subject === REGION) - Number(a.subject === REGION) || a.name.localeCompare(b.name, 'fr');

async function mailSummary(year: number, number: number, listed: CrossingDoc[]): Promise<void> {
  if (listed.length === 0) return;
  const to = await contactEmails({ role: 'auditor', region: DEFAULT_REGION_CODE });
  if (to.length === 0) return;
  const line = (c: CrossingDoc) =>
    `- ${c.name} : ${c.threshold} % ${c.subject === REGION ? 'de l’enveloppe' : 'de son allocation'} atteints (${euros(c.consumedCents)} sur ${euros(c.limitCents)}, ${percent(c.consumedCents, c.limitCents)})`;
  const count = listed.length === 1 ? 'un seuil d’alerte atteint' : `${listed.length} seuils d’alerte atteints`;
  await enqueueMail({
    to,
    subject: `Budget d’interprétariat ${year} : ${count}`,
    text: `Bonjour,\n\nDepuis le dernier récapitulatif, ces seuils du budget ${year} ont été atteints :\n\n${[...listed].sort(byUrgency).map(line).join('\n')}\n\n`
      + `Chaque structure concernée en a été informée. Les demandes d’interprète restent acceptées : le soin n’est jamais bloqué par le budget.\n`,
    dedupeKey: `budget-summary:${year}:${number}`,
  });
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
