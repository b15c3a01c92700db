import { callSummaries } from '../calls/rooms';
import { agencyRegions } from '../directory/agencies';
import { interpreterContacts } from '../directory/interpreters';
import { regionStructureIds, structureSummaries } from '../directory/structures';
import { userNames } from '../directory/users';
import { auditorRegion, type Actor } from '../platform/actor';
import { notFound } from '../platform/errors';
import { requests, toId, type Filter, type RequestDoc } from './store';
import { heldInCall, requestView, type Audience } from './views';

// Who sees which requests: every use case reads a request through the caller's scope, so that another
// structure's or agency's request is a 404, never a 403 that would confirm it exists.

/** Which requests a caller may see, and how much of them: an auditor, their region's structures'. */
export async function scopeOf(actor: Actor): Promise<{ filter: Filter; audience: Audience }> {
  switch (actor.role) {
    case 'requester':
      return { filter: { structureId: toId(actor.structureId!) }, audience: 'structure' };
    case 'interpreter':
      return { filter: { interpreterId: toId(actor.userId) }, audience: 'interpreter' };
    case 'dispatcher': {
      // Their agency's requests, and every request nobody will take in the regions where it holds a convention.
      const regions = await agencyRegions(actor.agencyId!);
      const structures = (await Promise.all(regions.map(regionStructureIds))).flat().map((id) => toId(id));
      return { filter: { $or: [{ candidateAgencyIds: toId(actor.agencyId!) }, { agencyId: toId(actor.agencyId!) }, { uncovered: true, structureId: { $in: structures } }] }, audience: 'dispatcher' };
    }
    case 'auditor':
      return { filter: { structureId: { $in: (await regionStructureIds(auditorRegion(actor))).map((id) => toId(id)) } }, audience: 'auditor' };
    case 'national_auditor':
    case 'admin':
      return { filter: {}, audience: 'auditor' };
  }
}

export async function viewFor(doc: RequestDoc, audience: Audience) {
  return (await viewsFor([doc], audience))[0]!;
}

/** Views of several requests for one audience, with what they need from other components read once for all. */
export async function viewsFor(docs: readonly RequestDoc[], audience: Audience) {
  const participant = audience === 'structure' || audience === 'interpreter';
  const withCall = participant ? docs.filter((d) => heldInCall(d) && (d.status === 'assigned' || d.status === 'completed')).map((d) => d._id.toString()) : [];
  const [contacts, summaries, structureNames, requesterNames] = await Promise.all([
    interpreterContacts(docs.flatMap((d) => (d.interpreterId ? [d.interpreterId.toString()] : []))),
    callSummaries(withCall),
    audience === 'interpreter' || audience === 'dispatcher' ? structureSummaries().then((list) => new Map(list.map((s) => [s.id, s.name]))) : undefined,
    audience === 'interpreter' ? userNames(docs.filter((d) => d.status !== 'open').map((d) => d.requesterId.toString())) : undefined,
  ]);
  return docs.map((doc) => requestView(doc, audience, doc.interpreterId ? contacts.get(doc.interpreterId.toString()) : undefined, {
    call: summaries.get(doc._id.toString()),
    structureName: structureNames?.get(doc.structureId.toString()),
    requesterName: requesterNames?.get(doc.requesterId.toString()),
  }));
}

export async function findVisible(actor: Actor, id: string): Promise<{ doc: RequestDoc; audience: Audience }> {
  const { filter, audience } = await scopeOf(actor);
  const doc = await requests.findOne({ $and: [filter, { _id: toId(id) }] });
  if (!doc) throw notFound('Request');
  return { doc, audience };
}
