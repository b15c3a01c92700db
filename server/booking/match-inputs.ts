import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { hourlyCostByAgency } from '../billing/charges';
import { interpreterProfilesFor } from '../directory/interpreters';
import { qualificationsRequiredFor, type Qualification } from '../directory/qualifications';
import { exclusionsOf, type StructureExclusions } from '../directory/records';
import { findCandidates } from '../matching';
import type { InterpreterProfile, MatchingContext, RequestToMatch } from '../matching/types';
import { asMatchingBooking } from './agenda';
import { languageCodes, languagesToMatch } from './match-languages';
import { agendas, requests, toId, type RequestDoc } from './store';
import { workedMinutes } from './worked-minutes-store';
import { zoneOf } from './zone';

const MINUTE = 60_000;

// Matching is pure; this module reads what it needs about a booked request from the stores: the
// request as matching sees it, its related languages, the interpreters' agendas and recent work.

export { languageCodes, languagesToMatch };

/**
 * The request as matching sees it. `exclusions`: its structure's (read with exclusionsOf): the interpreters
 * it asked never to be offered again, and those who know this patient; `required`: the qualifications its
 * specialty and language require (qualificationsRequiredFor); interpreters who withdrew from it come from
 * the request itself.
 */
export function toMatch(doc: RequestDoc, exclusions?: StructureExclusions, required?: readonly Qualification[]): RequestToMatch {
  return {
    id: doc._id.toString(),
    structureId: doc.structureId.toString(),
    ...languagesToMatch(doc.language),
    modality: doc.modality,
    start: doc.start,
    end: doc.end,
    briefingMinutes: doc.briefingMinutes ?? 0,
    debriefingMinutes: doc.debriefingMinutes ?? 0,
    specialty: doc.specialty ?? undefined,
    department: doc.location?.department ?? undefined,
    interpreterGender: doc.interpreterGender ?? undefined,
    patientRef: doc.patientRef ?? undefined,
    seriesId: doc.seriesId?.toString(),
    preferredInterpreterId: doc.preferredInterpreterId?.toString(),
    withdrawnInterpreterIds: new Set((doc.withdrawals ?? []).map((w) => String(w.interpreterId))),
    notWantedInterpreterIds: exclusions?.notWanted,
    knowsPatientInterpreterIds: exclusions?.knowingPatient(doc.patientRef),
    requiredQualifications: required,
    timeZone: zoneOf(doc),
  };
}

/** A booked request as matching sees it, with what its structure refused and what it requires read from the directory. */
export async function requestToMatch(doc: RequestDoc): Promise<RequestToMatch> {
  const [exclusions, required] = await Promise.all([exclusionsOf(doc.structureId.toString()), qualificationsRequiredFor(doc.specialty, doc.language)]);
  return toMatch(doc, exclusions, required);
}

/** The agendas of these interpreters, as matching reads them (conflicts and travel buffers). */
export async function agendasOf(ids: Types.ObjectId[]): Promise<MatchingContext['agendas']> {
  const agendaDocs = await agendas.findMany(ids);
  return new Map(agendaDocs.map((a) => [a._id.toString(), a.bookings.map(asMatchingBooking)]));
}

/** Fairness weighs the minutes of the last 30 days, by whole Paris months, and what is booked ahead. */
const fairnessSince = (now: Date) => new Date(now.getTime() - 30 * 24 * 60 * MINUTE);

/** On a database made before worked minutes were kept, counts those ranking reads (at start-up, once). */
export function countWorkedMinutesOnce(now: Date): Promise<number> {
  return requests.countWorkedMinutesOnce(DateTime.fromJSDate(fairnessSince(now), { zone: 'Europe/Paris' }).startOf('month').toJSDate());
}

/** Everything ranking weighs, read in a handful of queries for all candidates at once. */
export async function matchingContext(doc: RequestDoc, profiles: InterpreterProfile[], now: Date): Promise<MatchingContext> {
  const ids = profiles.map((p) => toId(p.id));
  // Kept per month as sessions change (worked-minutes-store.ts), never summed from the requests here.
  const recentMinutes = await workedMinutes.since(ids, fairnessSince(now));
  const continuity = new Map<string, number>();
  if (doc.patientRef || doc.seriesId) {
    const samePatient = await requests.find({
      structureId: doc.structureId,
      _id: { $ne: doc._id },
      interpreterId: { $in: ids },
      ...(doc.seriesId ? { seriesId: doc.seriesId } : { patientRef: doc.patientRef }),
    }, 10_000);
    for (const past of samePatient) {
      const who = past.interpreterId!.toString();
      continuity.set(who, (continuity.get(who) ?? 0) + 1);
    }
  }
  return {
    agendas: await agendasOf(ids),
    recentMinutes,
    continuity,
    agencyHourlyCents: await hourlyCostByAgency(doc, profiles.map((p) => p.agencyId)),
  };
}

/** The request's eligible interpreters, best first, and why the others cannot take it. */
export async function rankFor(doc: RequestDoc, now: Date) {
  const request = await requestToMatch(doc);
  const profiles = await interpreterProfilesFor(languageCodes(request), doc.modality);
  return findCandidates(request, profiles, await matchingContext(doc, profiles, now));
}

/**
 * Why this one interpreter cannot take the request (matching's ineligibility codes; empty when they can),
 * read with the same inputs as rankFor: a dispatcher's direct assignment passes the same test as an offer.
 */
export async function ineligibilityOf(doc: RequestDoc, profile: InterpreterProfile, now: Date): Promise<readonly string[]> {
  const request = await requestToMatch(doc);
  const { ineligible } = findCandidates(request, [profile], await matchingContext(doc, [profile], now));
  return ineligible[0]?.reasons ?? [];
}

export { exclusionsOf };
