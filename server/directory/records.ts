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

/** The interpreters a structure asked never to be offered again (ids), for matching. */
export async function notWantedBy(structureId: string): Promise<Set<string>> {
  const structure = await structures.findOne({ _id: oid(structureId) });
  return new Set((structure?.notWantedInterpreterIds ?? []).map(String));
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
