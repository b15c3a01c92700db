import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { rankFor } from './dispatch';
import { findVisible } from './requests';

/** The dispatcher's view: their agency's eligible interpreters, best first, each with its reasons. */
export async function candidatesForDispatcher(actor: Actor, requestId: string, now = new Date()) {
  if (actor.role !== 'dispatcher' || !actor.agencyId) throw forbidden();
  const { doc } = await findVisible(actor, requestId);
  const { ranked } = await rankFor(doc, now);
  return ranked.filter((c) => c.agencyId === actor.agencyId);
}
