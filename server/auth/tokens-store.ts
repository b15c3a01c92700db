import mongoose, { Schema, type Types } from 'mongoose';

// One-time links (an invitation, a password reset): only the SHA-256 of the token is kept, as `_id`, so
// that a copy of the database opens no account. Using one is a single conditional findOneAndUpdate
// (unused and unexpired -> used), so of two simultaneous uses exactly one wins.
const tokenSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  purpose: { type: String, required: true, enum: ['invitation', 'reset'] },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date, default: null },
});
tokenSchema.index({ userId: 1 });
tokenSchema.index({ expiresAt: 1 });

export const OneTimeTokenModel = mongoose.model('OneTimeToken', tokenSchema, 'one_time_tokens');

export type TokenPurpose = 'invitation' | 'reset';
export interface TokenDoc {
  _id: string;
  userId: Types.ObjectId;
  purpose: TokenPurpose;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export const oneTimeTokens = {
  create: async (row: Omit<TokenDoc, 'usedAt' | 'userId'> & { userId: string }) => {
    await OneTimeTokenModel.create(row);
  },
  findUsable: (digest: string, now: Date) => OneTimeTokenModel.findOne({ _id: digest, usedAt: null, expiresAt: { $gt: now } }).lean<TokenDoc>(),
  /** Marks the token used if it is unused and unexpired at `now`; the token as it was, or null. */
  use: (digest: string, now: Date) =>
    OneTimeTokenModel.findOneAndUpdate({ _id: digest, usedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } }).lean<TokenDoc>(),
  /** Spends every unused token of a user (of one purpose, or all): an older link stops working. */
  withdraw: async (filter: { userId: string; purpose?: TokenPurpose }, now: Date) =>
    (await OneTimeTokenModel.updateMany({ ...filter, usedAt: null }, { $set: { usedAt: now } })).modifiedCount,
  purgeBefore: async (cutoff: Date) => (await OneTimeTokenModel.deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount,
};
