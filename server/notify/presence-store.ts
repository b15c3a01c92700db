import mongoose, { Schema } from 'mongoose';

// Which interpreters have a live socket, shared by every server process through the database.
const presenceSchema = new Schema({
  _id: { type: String, required: true },
  interpreterId: { type: String, required: true },
  seenAt: { type: Date, required: true },
});
presenceSchema.index({ interpreterId: 1, seenAt: 1 });

export const PresenceModel = mongoose.model('Presence', presenceSchema);

export const presence = {
  seen: (socketId: string, interpreterId: string, now: Date) =>
    PresenceModel.updateOne({ _id: socketId }, { $set: { interpreterId, seenAt: now } }, { upsert: true }),
  gone: (socketId: string) => PresenceModel.deleteOne({ _id: socketId }),
  online: async (interpreterIds: string[], since: Date) =>
    new Set((await PresenceModel.find({ interpreterId: { $in: interpreterIds }, seenAt: { $gte: since } }).lean()).map((p) => p.interpreterId)),
  purgeBefore: (cutoff: Date) => PresenceModel.deleteMany({ seenAt: { $lt: cutoff } }),
};
