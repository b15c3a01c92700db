import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { auditorRegion, type Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { agencies, structures, users } from './store';
import { regionAgencyIds } from './agencies';

// What the sessions leave in the directory: an interpreter's late withdrawals and ratings (counters,
// written with $inc so that concurrent sessions never lose one), and the interpreters a structure asked
// never to be offered again.

const oid = (id: string) => new Types.ObjectId(id);

/** An interpreter withdrew less than 48 hours before a session. */
export async function recordLateWithdrawal(interpreterId: string): Promise<void> {
  await users.increment({ _id: oid(interpreterId), role: 'interpreter' }, { 'interpreter.lateWithdrawals': 1 });
}

/** A requester rated a confirmed session 1 to 5. */
export async function recordRating(interpreterId: string, rating: number): Promise<void> {
  await users.increment({ _id: oid(interpreterId), role: 'interpreter' }, { 'interpreter.ratingCount': 1, 'interpreter.ratingSum': rating });
}

/** The structure asks never to be offered this interpreter again. */
export async function excludeForStructure(structureId: string, interpreterId: string): Promise<void> {
  await structures.add({ _id: oid(structureId) }, { $addToSet: { notWantedInterpreterIds: oid(interpreterId) } });
}

/**
 * A patient reference as a structure's recusals keep it: a hash of the structure and the reference (case
 * and spacing aside), so that the directory holds no patient reference in clear, and retention's erasure
 * of the requests leaves nothing readable behind.
 */
/** A patient reference as the structure means it: case and spaces aside ('km-1 ' is 'KM-1'). */
export const samePatientRef = (patientRef: string) => patientRef.trim().replace(/\s+/g, ' ').toUpperCase();

const patientKey = (structureId: string, patientRef: string) =>
  createHash('sha256').update(`${structureId}\n${samePatientRef(patientRef)}`).digest('hex');

/** The interpreter knows this patient of the structure (impartiality): never offered them again there. */
export async function recordKnowsPatient(structureId: string, patientRef: string, interpreterId: string): Promise<void> {
  await structures.add({ _id: oid(structureId) }, { $addToSet: { patientRecusals: { patientKey: patientKey(structureId, patientRef), interpreterId: oid(interpreterId) } } });
}

/** Who a structure's requests are never offered to, read once per request (never once per interpreter). */
export interface StructureExclusions {
  /** The interpreters the structure asked never to be offered again (ids). */
  notWanted: ReadonlySet<string>;
  /** The interpreters who know the patient of this reference (ids); empty without a reference. */
  knowingPatient(patientRef: string | null | undefined): ReadonlySet<string>;
}

/** The structure's exclusions, for matching: one read of the structure. */
export async function exclusionsOf(structureId: string): Promise<StructureExclusions> {
  const structure = await structures.findOne({ _id: oid(structureId) });
  const recusals = structure?.patientRecusals ?? [];
  return {
    notWanted: new Set((structure?.notWantedInterpreterIds ?? []).map(String)),
    knowingPatient(patientRef) {
      if (!patientRef || recusals.length === 0) return new Set();
      const key = patientKey(structureId, patientRef);
      return new Set(recusals.filter((r) => r.patientKey === key).map((r) => String(r.interpreterId)));
    },
  };
}

const average = (sum: number, count: number) => (count > 0 ? Math.round((sum / count) * 10) / 10 : null);

/**
 * Ratings as each may see them: a dispatcher, every interpreter of their agency with their average and
 * late withdrawals; an auditor (or admin), aggregates only: the region and each agency (an auditor's: the
 * agencies working in their region, and their interpreters).
 * Shape: `{ interpreters: [{ interpreterId, name, ratings, averageRating, lateWithdrawals }] }` or
 * `{ region: { ratings, averageRating, lateWithdrawals }, agencies: [{ agencyId, name, ratings, averageRating, lateWithdrawals }] }`.
 * Errors: 403 for other roles.
 */
export async function ratingsSummary(actor: Actor) {
  if (actor.role === 'dispatcher' && actor.agencyId) {
    const own = await users.find({ role: 'interpreter', agencyId: oid(actor.agencyId) });
    return {
      interpreters: own.map((u) => ({
        interpreterId: u._id.toString(),
        name: u.name,
        ratings: u.interpreter?.ratingCount ?? 0,
        averageRating: average(u.interpreter?.ratingSum ?? 0, u.interpreter?.ratingCount ?? 0),
        lateWithdrawals: u.interpreter?.lateWithdrawals ?? 0,
      })),
    };
  }
  if (actor.role !== 'auditor' && actor.role !== 'admin') throw forbidden();
  const agencyIds = actor.role === 'auditor' ? [...(await regionAgencyIds(auditorRegion(actor)))] : undefined;
  const [all, agencyList] = await Promise.all([
    users.find({ role: 'interpreter', ...(agencyIds ? { agencyId: { $in: agencyIds } } : {}) }),
    agencies.find(agencyIds ? { _id: { $in: agencyIds } } : {}),
  ]);
  const sums = new Map<string, { count: number; sum: number; late: number }>();
  const region = { count: 0, sum: 0, late: 0 };
  for (const u of all) {
    const key = u.agencyId?.toString() ?? '';
    const s = sums.get(key) ?? { count: 0, sum: 0, late: 0 };
    for (const total of [s, region]) {
      total.count += u.interpreter?.ratingCount ?? 0;
      total.sum += u.interpreter?.ratingSum ?? 0;
      total.late += u.interpreter?.lateWithdrawals ?? 0;
    }
    sums.set(key, s);
  }
  return {
    region: { ratings: region.count, averageRating: average(region.sum, region.count), lateWithdrawals: region.late },
    agencies: agencyList.map((a) => {
      const s = sums.get(a._id.toString()) ?? { count: 0, sum: 0, late: 0 };
      return { agencyId: a._id.toString(), name: a.name, ratings: s.count, averageRating: average(s.sum, s.count), lateWithdrawals: s.late };
    }),
  };
}
