import mongoose, { Schema } from 'mongoose';
import { insertOnce } from '../platform/writes';

// The audit trail of budget figures, tariffs, statements and the qualifications catalogue: the only file
// that touches its model. Entries are only ever added.

export const AUDITED = ['allocation', 'envelope', 'tariff', 'statement', 'qualification'] as const;
export type Audited = (typeof AUDITED)[number];

export interface AuditDoc {
  _id: string;
  at: Date;
  byUserId: string;
  byName: string;
  entity: Audited;
  entityId: string;
  year?: number;
  /** A budget figure's or a statement's region, or the region of the auditor who changed a qualification; tariffs are an agency's, in no region. */
  region?: string | undefined;
  before: unknown;
  after: unknown;
}

const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    byUserId: { type: String, required: true },
    byName: { type: String, required: true },
    entity: { type: String, required: true, enum: AUDITED },
    entityId: { type: String, required: true },
    year: Number,
    region: String,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);

// An auditor's trail: their region's figures, newest first.
auditSchema.index({ region: 1, at: -1 });

const AuditModel = mongoose.model('AuditEntry', auditSchema, 'audit');

export const auditEntries = {
  /** Adds a line unless one with the same `_id` is there (a retried change): true when this call added it. */
  add: (entry: AuditDoc) => insertOnce(AuditModel, entry),
  /**
   * Up to `limit` lines, newest first, of one kind of figure and one year when given; within a scope, a
   * region's figures, these agencies' tariffs, and the qualifications catalogue (one for every region).
   */
  newest(query: { entity?: Audited; year?: number }, limit: number, scope?: { region: string; agencyIds: string[] }) {
    const filter: Record<string, unknown> = scope ? { $or: [{ region: scope.region }, { entity: 'tariff', entityId: { $in: scope.agencyIds } }, { entity: 'qualification' }] } : {};
    if (query.entity) filter.entity = query.entity;
    if (query.year) filter.year = query.year;
    return AuditModel.find(filter).sort({ at: -1, _id: -1 }).limit(limit).lean<AuditDoc[]>();
  },
  /** The budget lines from before regions are `region`'s (start-up's migration; conditional, so idempotent). */
  backfillRegion: async (region: string) =>
    (await AuditModel.updateMany({ entity: { $in: ['allocation', 'envelope'] }, region: { $exists: false } }, { $set: { region } })).modifiedCount,
};
