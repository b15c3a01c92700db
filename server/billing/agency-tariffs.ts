import { DateTime } from 'luxon';
import type { TariffBody } from '../../shared/schemas/billing';
import { activeAgencyExists, regionAgencyIds } from '../directory/agencies';
import { auditorRegion, type Actor } from '../platform/actor';
import { badRequest, businessRule, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import { recordAudit } from './audit';
import { DEFAULT_TARIFF, type Tariff } from './tariff';
import { agencyTariffs, type AgencyTariffsDoc } from './tariffs-store';

// Each agency's tariffs, every version kept (tariffs-store.ts). A version applies
// from its `validFrom` (a Paris date, today or later: a new tariff never reprices the past, and costs
// already recorded in the ledger never change). An agency without a tariff of its own bills the default.

// Tariffs change a few times a year: keep them a few seconds in memory. A version takes effect from a
// future date, so a process reading one a few seconds late prices nothing differently.
const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; versions: Tariff[] }>();

/** Every version that applies to an agency, oldest first; the default when it has none. */
export async function tariffVersions(agencyId: string | undefined): Promise<Tariff[]> {
  if (!agencyId) return [DEFAULT_TARIFF];
  const key = `${agencyTariffs.databaseName()}/${agencyId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.versions;
  const doc = await agencyTariffs.findOne(agencyId);
  const versions = doc && doc.versions.length > 0 ? [DEFAULT_TARIFF, ...doc.versions] : [DEFAULT_TARIFF];
  cache.set(key, { at: Date.now(), versions });
  return versions;
}

function scopeAgency(actor: Actor, agencyId: string | undefined): string | undefined {
  if (actor.role === 'auditor' || actor.role === 'admin') return agencyId;
  if (actor.role === 'dispatcher' && actor.agencyId && (!agencyId || agencyId === actor.agencyId)) return actor.agencyId;
  throw forbidden();
}

/** Admins see every agency's tariffs, auditors those of the agencies with a convention in their region (their region's versions and those of no region), a dispatcher their own agency's. */
export async function listTariffs(actor: Actor, query: { agencyId?: string }) {
  const agencyId = scopeAgency(actor, query.agencyId);
  const all = agencyId
    ? [await agencyTariffs.findOne(agencyId)].filter((doc): doc is AgencyTariffsDoc => doc !== null)
    : await agencyTariffs.all();
  if (actor.role !== 'auditor') return { default: DEFAULT_TARIFF, agencies: all.map((doc) => ({ agencyId: doc._id, versions: doc.versions })) };
  // An auditor reads what prices their region's sessions: its own versions and those of no region.
  const region = auditorRegion(actor);
  const visible = await regionAgencyIds(region);
  const docs = all.filter((doc) => visible.has(doc._id));
  return { default: DEFAULT_TARIFF, agencies: docs.map((doc) => ({ agencyId: doc._id, versions: doc.versions.filter((v) => v.region === undefined || v.region === region) })) };
}

/**
 * Adds a version of an agency's tariff from `validFrom` on (today at the earliest, in Paris), for one
 * region's sessions: an auditor's is their region's, an admin's the body's region or, without one, every
 * region without a version of its own (tariff.ts tariffFor). A version of the same date and region that
 * has not started yet is replaced. Every change goes in the audit trail.
 * Errors: 404 for an agency unknown or without a convention in the region; 400 for an auditor naming
 * another region, or travel rules missing their figures (travelProblems); 422 `tariff_in_past`.
 */
export async function addTariff(actor: Actor, body: TariffBody, now = new Date()) {
  const problems = travelProblems(body);
  if (problems.length > 0) throw badRequest('The travel rules are incomplete.', problems);
  if (!(await activeAgencyExists(body.agencyId))) throw notFound('Agency');
  const region = actor.role === 'auditor' ? auditorRegion(actor) : body.region;
  if (actor.role === 'auditor' && body.region !== undefined && body.region !== region) {
    throw badRequest('An auditor prices the sessions of their own region.', [{ field: 'region', code: 'not_your_region', message: `must be ${region} or left out` }]);
  }
  // A region's tariff is for an agency working there; another region's agency is not found.
  if (region !== undefined && !(await regionAgencyIds(region)).has(body.agencyId)) throw notFound('Agency');
  const today = DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).toISODate()!;
  if (body.validFrom < today) {
    throw businessRule('tariff_in_past', 'A tariff applies from today at the earliest: costs already incurred keep the tariff they were priced with.');
  }
  let replaced: Tariff | undefined;
  const changed = await agencyTariffs.change(body.agencyId, (doc) => {
    const number = doc.version + 1;
    const tariff: Tariff = {
      version: `${body.agencyId}:${number}`,
      validFrom: body.validFrom,
      modalities: body.modalities,
      surcharges: body.surcharges,
      cancellation: body.cancellation,
      ...(region === undefined ? {} : { region }),
    };
    const sameSlot = (v: Tariff) => v.validFrom === body.validFrom && v.region === region;
    replaced = doc.versions.find(sameSlot);
    return [...doc.versions.filter((v) => !sameSlot(v)), tariff].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  });
  if (!changed) throw notFound('Agency');
  cache.delete(`${agencyTariffs.databaseName()}/${body.agencyId}`);
  const added = changed.versions.find((v) => v.validFrom === body.validFrom && v.region === region)!;
  await recordAudit(actor, { id: `tariff:${added.version}`, entity: 'tariff', entityId: body.agencyId, before: replaced ?? null, after: added }, now);
  return added;
}

/**
 * What the JSON schema cannot say of a modality's travel rules, one entry per field: perKm needs
 * perKmCents, zones needs zones whose upToKm rise (the first zone reaching a distance bills it).
 */
export function travelProblems(body: Pick<TariffBody, 'modalities'>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [modality, rules] of Object.entries(body.modalities)) {
    const travel = rules.travel;
    if (!travel) continue;
    const field = `modalities.${modality}.travel`;
    if (travel.mode === 'perKm' && travel.perKmCents === undefined) problems.push({ field: `${field}.perKmCents`, code: 'required', message: 'is required with mode perKm' });
    if (travel.mode === 'zones' && travel.zones === undefined) problems.push({ field: `${field}.zones`, code: 'required', message: 'is required with mode zones' });
    travel.zones?.forEach((zone, i) => {
      if (i > 0 && zone.upToKm <= travel.zones![i - 1]!.upToKm) problems.push({ field: `${field}.zones.${i}.upToKm`, code: 'not_rising', message: `must be more than ${travel.zones![i - 1]!.upToKm}` });
    });
  }
  return problems;
}
