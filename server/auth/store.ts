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
  region: { type: String },
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
  /** The open sessions of a role from before regions get the region their users were given (issue 27). */
  backfillRegion: async (role: string, region: string) =>
    (await SessionModel.updateMany({ role, region: { $exists: false } }, { $set: { region } })).modifiedCount,
};

// Signing in with an identity provider (OpenID Connect): between the redirect to the provider and its
// answer, the state, nonce and PKCE verifier wait here, under the SHA-256 of a random value kept in an
// HttpOnly cookie of the browser that started. Taking one deletes it, so a callback works once.
const signInAttemptSchema = new Schema({
  _id: { type: String, required: true },
  provider: { type: String, required: true },
  state: { type: String, required: true },
  nonce: { type: String, required: true },
  codeVerifier: { type: String, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});
signInAttemptSchema.index({ expiresAt: 1 });

export const SignInAttemptModel = mongoose.model('SignInAttempt', signInAttemptSchema, 'sign_in_attempts');
export type SignInAttemptDoc = InferSchemaType<typeof signInAttemptSchema> & { _id: string };

export const signInAttempts = {
  create: async (row: SignInAttemptDoc) => {
    await SignInAttemptModel.create(row);
  },
  /** Deletes and returns the attempt if it is this provider's and unexpired at `now`; of two takers, one gets it. */
  take: (digest: string, provider: string, now: Date) =>
    SignInAttemptModel.findOneAndDelete({ _id: digest, provider, expiresAt: { $gt: now } }).lean<SignInAttemptDoc>(),
  purgeBefore: async (cutoff: Date) => (await SignInAttemptModel.deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount,
};
