import mongoose, { Schema } from 'mongoose';
import { insertOnce } from '../platform/writes';
import type { Actor } from '../platform/actor';

// Who changed a budget figure or a tariff, when, from what to what. Entries are only ever added.

export const AUDITED = ['allocation', 'envelope', 'tariff'] as const;
export type Audited = (typeof AUDITED)[number];

const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    byUserId: { type: String, required: true },
    byName: { type: String, required: true },
    entity: { type: String, required: true, enum: AUDITED },
    entityId: { type: String, required: true },
    year: Number,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);

const AuditModel = mongoose.model('AuditEntry', auditSchema, 'audit');

interface AuditDoc {
  _id: string;
  at: Date;
  byUserId: string;
  byName: string;
  entity: Audited;
  entityId: string;
  year?: number;
  before: unknown;
  after: unknown;
}

/**
 * Adds one line to the trail. `_id` names the change (the document and the version it produced), so a
 * retried change writes its line once.
 */
export async function recordAudit(actor: Actor, change: { id: string; entity: Audited; entityId: string; year?: number; before: unknown; after: unknown }, now = new Date()) {
  await insertOnce(AuditModel, {
    _id: change.id, at: now, byUserId: actor.userId, byName: actor.name, entity: change.entity, entityId: change.entityId, year: change.year, before: change.before ?? null, after: change.after ?? null,
  });
}

/** The trail, newest first, optionally for one kind of figure and one year. */
export async function listAudit(query: { entity?: Audited; year?: number; limit?: number }) {
  const filter: Record<string, unknown> = {};
  if (query.entity) filter.entity = query.entity;
  if (query.year) filter.year = query.year;
  const docs = await AuditModel.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit ?? 200).lean<AuditDoc[]>();
  return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
}
