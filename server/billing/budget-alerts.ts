import { DateTime } from 'luxon';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { REGIONS } from '../../shared/regions';
import { contactEmails } from '../directory/users';
import { enqueueMail } from '../notify/outbox';
import { LEASE_MS } from '../platform/jobs';
import type { BudgetReport } from '../../shared/reports';
import { budgetRegions, budgetReport } from './budget';
import { structureSummaries } from '../directory/structures';
import { budgetAlerts, REGION, type Crossing, type CrossingDoc } from './budget-alerts-store';
import { onRecorded } from './ledger';

// Budget alerts: when consumption passes 80 % or 100 % of a structure's allocation (or of the regional
// envelope), the structure's users get a mail of their own, and the auditors one summary listing every
// threshold passed since their last summary. A threshold passed is recorded once (budget-alerts-store)
// and never announced again. Care is never refused for budget: this only tells. Each region's budget is
// watched, and each region's auditors read only their region's thresholds; the summaries are numbered
// per year for all regions together, one mail per region.

export const ALERT_THRESHOLDS = [80, 100] as const;

const euros = (cents: number) => `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
const percent = (consumed: number, limit: number) => `${(Math.round((consumed / limit) * 1000) / 10).toLocaleString('fr-FR')} %`;

/** The subject of a region's envelope: the default region keeps the one it had before regions. */
const regionSubject = (region: string) => (region === DEFAULT_REGION_CODE ? REGION : `${REGION}:${region}`);
const isRegionSubject = (subject: string) => subject === REGION || subject.startsWith(`${REGION}:`);
const regionOfSubject = (subject: string) => (subject === REGION ? DEFAULT_REGION_CODE : subject.slice(REGION.length + 1));

/** The highest threshold each structure (and the region) has reached in a region's report. */
function reached(report: BudgetReport, region: string): Crossing[] {
  const highest = (consumed: number, limit: number | null) => limit && limit > 0 ? ALERT_THRESHOLDS.filter((t) => consumed * 100 >= limit * t).at(-1) : undefined;
  const crossings: Crossing[] = [];
  for (const row of report.rows) {
    const threshold = highest(row.consumedCents, row.allocatedCents);
    if (threshold) crossings.push({ subject: row.structureId, name: row.name, threshold, consumedCents: row.consumedCents, limitCents: row.allocatedCents });
  }
  const summary = report.region!;
  const threshold = highest(summary.consumedCents, summary.envelopeCents);
  if (threshold) crossings.push({ subject: regionSubject(region), name: 'La région', threshold, consumedCents: summary.consumedCents, limitCents: summary.envelopeCents! });
  return crossings;
}

/** The thresholds reached now and not yet recorded, in every region with a budget for the year. */
async function newCrossings(year: number, now: Date): Promise<Crossing[]> {
  const [regions, passed] = await Promise.all([budgetRegions(year), budgetAlerts.passed(year)]);
  const crossings: Crossing[] = [];
  for (const region of regions) crossings.push(...reached(await budgetReport(region, year, now), region));
  return crossings.filter((crossing) => crossing.threshold > (passed.get(crossing.subject) ?? 0));
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
    if (!isRegionSubject(crossing.subject)) await mailStructure(year, crossing);
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
  b.threshold - a.threshold || Number(isRegionSubject(b.subject)) - Number(isRegionSubject(a.subject)) || a.name.localeCompare(b.name, 'fr');

/** A summary's thresholds, one mail per region to that region's auditors. */
async function mailSummary(year: number, number: number, listed: CrossingDoc[]): Promise<void> {
  if (listed.length === 0) return;
  const regionOf = new Map((await structureSummaries()).map((s) => [s.id, s.region]));
  const byRegion = new Map<string, CrossingDoc[]>();
  for (const crossing of listed) {
    const region = isRegionSubject(crossing.subject) ? regionOfSubject(crossing.subject) : regionOf.get(crossing.subject);
    if (region) byRegion.set(region, [...(byRegion.get(region) ?? []), crossing]);
  }
  for (const [region, crossings] of byRegion) await mailRegionSummary(year, number, region, crossings);
}

async function mailRegionSummary(year: number, number: number, region: string, listed: CrossingDoc[]): Promise<void> {
  const to = await contactEmails({ role: 'auditor', region });
  if (to.length === 0) return;
  const line = (c: CrossingDoc) =>
    `- ${c.name} : ${c.threshold} % ${isRegionSubject(c.subject) ? 'de l’enveloppe' : 'de son allocation'} atteints (${euros(c.consumedCents)} sur ${euros(c.limitCents)}, ${percent(c.consumedCents, c.limitCents)})`;
  const count = listed.length === 1 ? 'un seuil d’alerte atteint' : `${listed.length} seuils d’alerte atteints`;
  await enqueueMail({
    to,
    subject: `Budget d’interprétariat ${year} : ${count}`,
    text: `Bonjour,\n\nDepuis le dernier récapitulatif, ces seuils du budget ${year} ont été atteints :\n\n${[...listed].sort(byUrgency).map(line).join('\n')}\n\n`
      + `Chaque structure concernée en a été informée. Les demandes d’interprète restent acceptées : le soin n’est jamais bloqué par le budget.\n`,
    // The default region keeps the key its summaries had before regions.
    dedupeKey: region === DEFAULT_REGION_CODE ? `budget-summary:${year}:${number}` : `budget-summary:${year}:${number}:${region}`,
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
  // Every region's current year: around New Year, La Réunion's has begun while Guyane's has not.
  const periodic = setInterval(() => currentYears(now()).forEach(check), options.everyMs ?? 10 * 60_000);
  periodic.unref();
  return () => {
    stopped = true;
    clearInterval(periodic);
    for (const timer of pending.values()) clearTimeout(timer);
  };
}

/** The years it is now in some region's zone (one, or two around New Year). */
export const currentYears = (now: Date): number[] => [...new Set(REGIONS.map((region) => DateTime.fromJSDate(now, { zone: region.timeZone }).year))].sort();
