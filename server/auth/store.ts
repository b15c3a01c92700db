import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { ROLES } from '../../shared/enums';

// Sessions live in the database so that they can be listed and revoked, and survive a restart. Each one
// keeps a snapshot of who the user is, so authenticating a request is a single read by _id (the token's
// hash: FerretDB v1 hands SQLite nothing but _id lookups, any other filter scans the collection). Any
// change to that snapshot (deactivation, new password) revokes the sessions instead of editing them.
// FerretDB v1 has no TTL index, so expiry is enforced by every lookup and old rows are purged by a job.
const sessionSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  role: { type: String, required: true, enum: ROLES },
  name: { type: String, required: true },
  email: { type: String, required: true },
  structureId: { type: Schema.Types.ObjectId },
  agencyId: { type: Schema.Types.ObjectId },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  revokedAt: { type: Date, default: null },
});
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });

export const SessionModel = mongoose.model('Session', sessionSchema);
export type SessionDoc = InferSchemaType<typeof sessionSchema> & { _id: string; userId: Types.ObjectId };

export const sessions = {
  create: async (data: Omit<SessionDoc, 'revokedAt'>) => (await SessionModel.create(data)).toObject<SessionDoc>(),
  async findLive(tokenHash: string, now: Date): Promise<SessionDoc | null> {
    const session = await SessionModel.findById(tokenHash).lean<SessionDoc>();
    return session && !session.revokedAt && session.expiresAt > now ? session : null;
  },
  revoke: async (filter: Record<string, unknown>, now: Date) =>
    (await SessionModel.updateMany({ ...filter, revokedAt: null }, { $set: { revokedAt: now } })).modifiedCount,
  purgeBefore: async (cutoff: Date) => (await SessionModel.deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount,
};
