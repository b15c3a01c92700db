import { regionAgencyIds } from '../directory/agencies';
import { auditorRegion, type Actor } from '../platform/actor';
import { auditEntries, type Audited } from './audit-store';

// Who changed a budget figure, a tariff or a qualification of the catalogue, when, from what to what. Entries are only ever added.

/**
 * Adds one line to the trail. `_id` names the change (the document and the version it produced), so a
 * retried change writes its line once.
 */
export async function recordAudit(actor: Actor, change: { id: string; entity: Audited; entityId: string; year?: number; region?: string; before: unknown; after: unknown }, now = new Date()) {
  await auditEntries.add({
    _id: change.id, at: now, byUserId: actor.userId, byName: actor.name, entity: change.entity, entityId: change.entityId, year: change.year, region: change.region, before: change.before ?? null, after: change.after ?? null,
  });
}

/**
 * The trail, newest first, optionally for one kind of figure and one year: for an auditor, their region's
 * budget figures, the tariffs of the agencies working in it, and the qualifications catalogue's changes.
 */
export async function listAudit(actor: Actor, query: { entity?: Audited; year?: number; limit?: number }) {
  const region = actor.role === 'auditor' ? auditorRegion(actor) : undefined;
  const scope = region ? { region, agencyIds: [...(await regionAgencyIds(region))] } : undefined;
  const docs = await auditEntries.newest(query, query.limit ?? 200, scope);
  return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
}

/** Start-up's migration to regions: the budget lines from before regions are `region`'s. */
export const backfillAuditRegions = (region: string) => auditEntries.backfillRegion(region);
