import { interpreterContact } from '../directory/interpreters';
import type { Actor } from '../platform/actor';
import { notFound } from '../platform/errors';
import { requests, toId, type Filter, type RequestDoc } from './store';
import { requestView, type Audience } from './views';

// Who sees which requests: every use case reads a request through the caller's scope, so that another
// structure's or agency's request is a 404, never a 403 that would confirm it exists.

/** Which requests a caller may see, and how much of them. */
export function scopeOf(actor: Actor): { filter: Filter; audience: Audience } {
  switch (actor.role) {
    case 'requester':
      return { filter: { structureId: toId(actor.structureId!) }, audience: 'structure' };
    case 'interpreter':
      return { filter: { interpreterId: toId(actor.userId) }, audience: 'interpreter' };
    case 'dispatcher':
      // Their agency's requests, and every request nobody will take, whatever the agency.
      return { filter: { $or: [{ candidateAgencyIds: toId(actor.agencyId!) }, { agencyId: toId(actor.agencyId!) }, { uncovered: true }] }, audience: 'dispatcher' };
    case 'auditor':
    case 'admin':
      return { filter: {}, audience: 'auditor' };
  }
}

export async function viewFor(doc: RequestDoc, audience: Audience) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  return requestView(doc, audience, contact);
}

export async function findVisible(actor: Actor, id: string): Promise<{ doc: RequestDoc; audience: Audience }> {
  const { filter, audience } = scopeOf(actor);
  const doc = await requests.findOne({ $and: [filter, { _id: toId(id) }] });
  if (!doc) throw notFound('Request');
  return { doc, audience };
}
