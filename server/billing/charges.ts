import { DateTime } from 'luxon';
import type { Modality } from '../../shared/enums';
import { bookedMinutes, bookedSlot } from '../../shared/exchange';
import { PARIS_ZONE } from '../../shared/paris-time';
import { regionOf } from '../../shared/regions';
import { interpreterBaseCommune } from '../directory/interpreters';
import { structureSummary } from '../directory/structures';
import { communeCode, distanceKm as communeDistanceKm } from './communes';
import { scheduleJob, type JobHandlers } from '../platform/jobs';
import { tariffVersions } from './agency-tariffs';
import { recordEntries, type NewEntry } from './ledger';
import { priceCancellation, priceNoShow, priceSession, type Price } from './pricing';
import { tariffFor, type Tariff } from './tariff';

// What booking asks of billing: the price of a request's session, cancellation or no-show under its
// agency's tariff, and the ledger entries each change of a request's status produces.
// Briefing and debriefing (shared/exchange.ts) are billed as part of the session: what is booked (the
// estimate, a late cancellation, a no-show) is the booked slot, its minutes from its start; the minutes
// of a completed session, declared or measured by the call, cover the exchanges and are priced from the
// slot's start (a call's measured time includes them; exceeds_measured still caps a declared figure).

interface IdLike {
  toString(): string;
}

/** The fields of a request that billing reads. */
export interface Billable {
  _id: IdLike;
  version: number;
  structureId: IdLike;
  agencyId?: IdLike | null;
  interpreterId?: IdLike | null;
  language: string;
  modality: string;
  specialty?: string | null;
  start: Date;
  /** The zone of its structure it was booked in (absent: Paris), whose date the reports count it on. */
  timeZone?: string | null;
  durationMinutes: number;
  /** The exchange with the professional before and after (absent: none). */
  briefingMinutes?: number | null;
  debriefingMinutes?: number | null;
  location?: { department?: string | null } | null;
  committedCents?: number | null;
  costCents?: number | null;
  billedMinutes?: number | null;
  tariffVersion?: string | null;
  corrections?: number | null;
  completion?: { actualMinutes?: number | null; outcome?: string | null } | null;
  cancellation?: { wasAssigned?: boolean | null } | null;
  cancellationFeeCents?: number | null;
}

export type Priced = Price & { tariffVersion: string };

/** Everything pricing needs that lives in the database, loaded once so that prices are then computed synchronously. */
export interface PricingContext {
  versions: Tariff[];
  /** Where the session happens, for the holiday calendar: the address on site, else the structure. */
  department: string;
  /** On site: one-way km from the interpreter's base commune to the session's (absent: unknown, flat travel fee only). */
  distanceKm?: number;
}

// A structure's department and town hardly ever change: remembered a minute, to keep them off every acceptance's path.
const places = new Map<string, { at: number; department: string; commune?: string }>();

async function structurePlace(structureId: string): Promise<{ department: string; commune?: string }> {
  const hit = places.get(structureId);
  if (hit && Date.now() - hit.at < 60_000) return hit;
  const summary = await structureSummary(structureId);
  const department = summary?.department ?? '';
  const commune = summary?.city ? communeCode(summary.city, department) : undefined;
  const place = { at: Date.now(), department, ...(commune ? { commune } : {}) };
  places.set(structureId, place);
  return place;
}

/**
 * The session's commune is its structure's town (INSEE code from its name and department); an on-site
 * address of its own (`location`) names no commune: the structure's town stands for it when the address
 * is in the structure's department, else the distance is unknown. The interpreter's base commune is
 * their profile's `baseCommune`; either unknown, no distance (the tariff's flat travel fee only).
 */
export async function pricingContext(request: Billable, agencyId: IdLike | null | undefined = request.agencyId): Promise<PricingContext> {
  const onsiteBy = request.modality === 'onsite' ? request.interpreterId?.toString() : undefined;
  const [versions, place, base] = await Promise.all([
    tariffVersions(agencyId?.toString()),
    structurePlace(request.structureId.toString()),
    onsiteBy ? interpreterBaseCommune(onsiteBy) : undefined,
  ]);
  const department = request.location?.department ?? place.department;
  const sessionCommune = department === place.department ? place.commune : undefined;
  const distanceKm = base && sessionCommune ? communeDistanceKm(base, sessionCommune) : undefined;
  return distanceKm === undefined ? { versions, department } : { versions, department, distanceKm };
}

/**
 * What an hour of this request would cost with each agency, at its start and place: ranking prefers
 * the cheaper agency when everything else is equal.
 */
export async function hourlyCostByAgency(request: Billable, agencyIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(agencyIds)];
  const department = request.location?.department ?? (await structurePlace(request.structureId.toString())).department;
  const costs = await Promise.all(unique.map(async (agencyId) => {
    const tariff = versionFor(await tariffVersions(agencyId), request, department);
    return [agencyId, priceSession(tariff, { modality: modalityOf(request), start: request.start, minutes: 60, department }).costCents] as const;
  }));
  return new Map(costs);
}

const modalityOf = (request: Billable) => request.modality as Modality;

/** The agency's version for this session: its date, and the region its department is in (each region may price an agency its own way). */
const versionFor = (versions: readonly Tariff[], request: Billable, department: string) => tariffFor(versions, request.start, regionOf(department)?.code);

/** What is booked, as pricing reads it: the slot's start (the session's less its briefing) and its minutes, exchanges included. */
const booked = (request: Billable, context: PricingContext) => ({
  modality: modalityOf(request),
  start: bookedSlot({ ...request, end: request.start }).start,
  durationMinutes: bookedMinutes(request),
  department: context.department,
  distanceKm: context.distanceKm,
});

/** The cost expected for the booked slot: what an assigned request commits of its structure's budget. */
export function estimate(context: PricingContext, request: Billable): Priced {
  const tariff = versionFor(context.versions, request, context.department);
  const { durationMinutes, ...session } = booked(request, context);
  return { ...priceSession(tariff, { ...session, minutes: durationMinutes }), tariffVersion: tariff.version };
}

/** A completed session: the minutes really worked (exchanges included), or on a patient's no-show the booked slot. */
export function completionPrice(context: PricingContext, request: Billable, outcome: string, actualMinutes: number): Priced {
  const tariff = versionFor(context.versions, request, context.department);
  const { durationMinutes, ...session } = booked(request, context);
  const price = outcome === 'patient_no_show'
    ? priceNoShow(tariff, { ...session, durationMinutes })
    : priceSession(tariff, { ...session, minutes: actualMinutes });
  return { ...price, tariffVersion: tariff.version };
}

/** A cancellation's fee, or null when it is free (early, or nobody had accepted); lateness counts from the session's start. */
export function cancellationPrice(context: PricingContext, request: Billable, cancelledAt: Date, wasAssigned: boolean): Priced | null {
  const tariff = versionFor(context.versions, request, context.department);
  const price = priceCancellation(tariff, { ...booked(request, context), sessionStart: request.start, cancelledAt, wasAssigned });
  return price && { ...price, tariffVersion: tariff.version };
}

/** The session's local date in its zone, 'YYYY-MM-DD': the day and month its structure's reports count it on. */
export const sessionDay = (request: Pick<Billable, 'start' | 'timeZone'>) => DateTime.fromJSDate(request.start, { zone: request.timeZone ?? PARIS_ZONE }).toISODate()!;

function entryOf(request: Billable, key: string, fields: Partial<NewEntry> & Pick<NewEntry, 'kind'>, byUserId?: string): NewEntry {
  return {
    key,
    at: new Date(),
    byUserId,
    requestId: request._id.toString(),
    structureId: request.structureId.toString(),
    agencyId: request.agencyId?.toString(),
    interpreterId: request.interpreterId?.toString(),
    language: request.language,
    modality: request.modality,
    specialty: request.specialty ?? undefined,
    day: sessionDay(request),
    sessions: 0,
    workedMinutes: 0,
    billedMinutes: 0,
    costCents: 0,
    committedCents: 0,
    tariffVersion: request.tariffVersion ?? undefined,
    ...fields,
  };
}

export type BilledTransition = 'assign' | 'reopen' | 'cancel' | 'complete';

/**
 * The ledger entries one change of a request's status makes, from the request as that change left it:
 * an assignment commits the estimated cost; a withdrawal or an early cancellation releases it; a
 * completion, a no-show or a late cancellation records the billed usage and releases the commitment.
 */
export function entriesFor(transition: BilledTransition, after: Billable, byUserId?: string): NewEntry[] {
  const key = `request:${after._id.toString()}:v${after.version}`;
  const committed = after.committedCents ?? 0;
  switch (transition) {
    case 'assign':
      return [entryOf(after, key, { kind: 'commitment', committedCents: committed }, byUserId)];
    case 'reopen':
      return committed ? [entryOf(after, key, { kind: 'commitment', committedCents: -committed }, byUserId)] : [];
    case 'cancel': {
      if (!after.cancellation?.wasAssigned) return [];
      const fee = after.cancellationFeeCents ?? 0;
      if (fee === 0) return committed ? [entryOf(after, key, { kind: 'commitment', committedCents: -committed }, byUserId)] : [];
      return [entryOf(after, key, { kind: 'late_cancellation', sessions: 1, billedMinutes: after.billedMinutes ?? 0, costCents: fee, committedCents: -committed }, byUserId)];
    }
    case 'complete': {
      const noShow = after.completion?.outcome === 'patient_no_show';
      return [entryOf(after, key, {
        kind: noShow ? 'no_show' : 'session',
        sessions: 1,
        workedMinutes: noShow ? 0 : (after.completion?.actualMinutes ?? 0),
        billedMinutes: after.billedMinutes ?? 0,
        costCents: after.costCents ?? 0,
        committedCents: -committed,
      }, byUserId)];
    }
  }
}

/**
 * Records what a change of status costs or commits; safe to call again for the same change. When the
 * ledger cannot be written now (the database hiccups after the request changed), a durable job writes
 * the same entries later, so that the change already made is still billed once.
 */
export async function recordTransition(transition: BilledTransition, after: Billable, byUserId?: string): Promise<void> {
  const entries = entriesFor(transition, after, byUserId);
  if (entries.length === 0) return;
  try {
    await recordEntries(entries);
  } catch (error) {
    const retried = await scheduleJob('billing.record', new Date(Date.now() + 30_000), { entries }, { key: `billing:${entries[0]!.key}` }).catch(() => false);
    if (!retried) throw error;
  }
}

/** The durable jobs billing owns. */
export function billingHandlers(): JobHandlers {
  return {
    'billing.record': async (payload: { entries: Array<NewEntry & { at: string }> }) => {
      await recordEntries(payload.entries.map((entry) => ({ ...entry, at: new Date(entry.at) })));
    },
  };
}

/**
 * A corrected completion: a reversal of what was billed (the request before the correction) and the
 * new usage (after it), in one write to the ledger. Nothing recorded is ever edited.
 */
export async function recordCorrection(before: Billable, after: Billable, reason: string, byUserId: string): Promise<void> {
  const key = `request:${after._id.toString()}:v${after.version}`;
  const noShow = after.completion?.outcome === 'patient_no_show';
  const reversed = `request:${before._id.toString()}:v${before.version}${before.corrections ? ':correction' : ''}`;
  await recordEntries([
    entryOf(before, `${key}:reversal`, {
      kind: 'reversal',
      sessions: -1,
      workedMinutes: -(before.completion?.outcome === 'patient_no_show' ? 0 : (before.completion?.actualMinutes ?? 0)),
      billedMinutes: -(before.billedMinutes ?? 0),
      costCents: -(before.costCents ?? 0),
      reverses: reversed,
      reason,
    }, byUserId),
    entryOf(after, `${key}:correction`, {
      kind: 'correction',
      sessions: 1,
      workedMinutes: noShow ? 0 : (after.completion?.actualMinutes ?? 0),
      billedMinutes: after.billedMinutes ?? 0,
      costCents: after.costCents ?? 0,
      reason,
    }, byUserId),
  ]);
}
