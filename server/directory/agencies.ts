import type { AgencyCreateBody, AgencyListQuery, AgencyUpdateBody } from '../../shared/schemas/directory';
import { revokeSessions } from '../auth/sessions';
import type { Actor } from '../platform/actor';
import { forbidden, notFound } from '../platform/errors';
import { textFilter } from './search';
import { agencies, type Filter } from './store';
import { agencyView } from './views';

/** Dispatchers and interpreters see their own agency; auditors and admins see them all. */
function scope(actor: Actor): Filter {
  if (actor.role === 'admin' || actor.role === 'auditor') return {};
  if ((actor.role === 'dispatcher' || actor.role === 'interpreter') && actor.agencyId) return { _id: actor.agencyId };
  throw forbidden();
}

export async function listAgencies(actor: Actor, query: AgencyListQuery = {}) {
  const filter: Filter = { ...scope(actor), ...textFilter(query.q, ['name', 'email']) };
  if (query.active) filter.active = query.active === 'true';
  return (await agencies.find(filter)).map(agencyView);
}

/** Active agencies by name, for an import's agency column. */
export async function activeAgencies(): Promise<Array<{ id: string; name: string }>> {
  return (await agencies.find({ active: true })).map((doc) => ({ id: doc._id.toString(), name: doc.name }));
}

export async function getAgency(actor: Actor, id: string) {
  const doc = await agencies.findOne({ $and: [scope(actor), { _id: id }] });
  if (!doc) throw notFound('Agency');
  return agencyView(doc);
}

export async function createAgency(input: AgencyCreateBody) {
  return agencyView(await agencies.create(input));
}

export async function updateAgency(id: string, patch: AgencyUpdateBody) {
  const doc = await agencies.update({ _id: id }, patch);
  if (!doc) throw notFound('Agency');
  if (patch.active === false) await revokeSessions({ agencyId: doc._id });
  return agencyView(doc);
}

export const deactivateAgency = (id: string) => updateAgency(id, { active: false });

export async function activeAgencyExists(id: string): Promise<boolean> {
  return agencies.exists({ _id: id, active: true });
}
