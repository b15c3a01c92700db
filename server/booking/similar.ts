import type { SimilarQuery } from '../../shared/schemas/booking';
import { structureTimeZone } from '../directory/structures';
import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { assertWhen } from './rules';
import { requests, toId, type Filter, type RequestDoc } from './store';
import { viewsFor } from './visibility';

const MINUTE = 60_000;
/** More than a structure books alike at one time; the form lists them, the 201 answer names them. */
const AT_MOST = 20;

// A likely duplicate of a request: the same structure, language and modality, open or assigned, at a
// time overlapping one of its sessions. Booking never refuses one (API.md promises 201 for a valid
// body): the form asks `GET /api/requests/similar` first, and the 201 answer names those found once
// written, so that of two sent at the same moment at least the later one names the other.

function similarFilter(structureId: string, request: { language: string; modality: string; durationMinutes: number }, starts: readonly Date[], except: ReadonlyArray<RequestDoc['_id']> = []): Filter {
  return {
    structureId: toId(structureId),
    language: request.language,
    modality: request.modality,
    status: { $in: ['open', 'assigned'] },
    ...(except.length > 0 ? { _id: { $nin: except } } : {}),
    $or: starts.map((start) => ({ start: { $lt: new Date(start.getTime() + request.durationMinutes * MINUTE) }, end: { $gt: start } })),
  };
}

/** What the booking form asks before sending: the structure's requests like this one. Errors: 403 but for a requester; 422 as booking would. */
export async function similarRequests(actor: Actor, query: SimilarQuery, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  const recurrence = query.every && query.count ? { every: query.every, count: query.count } : undefined;
  const starts = assertWhen({ ...query, recurrence }, now, await structureTimeZone(actor.structureId));
  return viewsFor(await requests.find(similarFilter(actor.structureId, query, starts), AT_MOST, { start: 1 }), 'structure');
}

/** The structure's requests like these just written (a series: any of its sessions), but themselves. */
export async function similarTo(created: readonly RequestDoc[]): Promise<Array<{ id: string; start: string }>> {
  const first = created[0];
  if (!first) return [];
  const found = await requests.find(similarFilter(first.structureId.toString(), first, created.map((doc) => doc.start), created.map((doc) => doc._id)), AT_MOST, { start: 1 });
  return found.map((doc) => ({ id: doc._id.toString(), start: doc.start.toISOString() }));
}
