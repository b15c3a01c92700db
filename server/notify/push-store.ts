import mongoose, { Schema, type Types } from 'mongoose';
import { insertOnce, isDuplicateKey } from '../platform/writes';

// The only file that touches the push models: the server's VAPID key pair (one document with a fixed
// _id, so that two servers starting together keep one pair) and the devices subscribed to Web Push.

const VAPID_ID = 'vapid';

const vapidSchema = new Schema({
  _id: { type: String, required: true },
  publicKey: { type: String, required: true },
  privateKey: { type: String, required: true },
  createdAt: { type: Date, required: true },
});
export const VapidKeyModel = mongoose.model('VapidKey', vapidSchema, 'push_keys');

const subscriptionSchema = new Schema({
  /** The push service's URL for this device: whoever holds it can push to the device, so it is never logged. */
  endpoint: { type: String, required: true },
  /** Who subscribed the device. */
  userId: { type: String, required: true },
  /** The same person as an interpreter (null for other roles): what dispatch looks up. */
  interpreterId: { type: String, default: null },
  keys: { type: new Schema({ p256dh: { type: String, required: true }, auth: { type: String, required: true } }, { _id: false }), required: true },
  userAgent: { type: String, default: null },
  /** When the browser said it would drop the subscription; usually never. */
  expiresAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
  lastSuccessAt: { type: Date, default: null },
  /** Failed sends since the last success (a 404 or 410 deletes the subscription instead). */
  failures: { type: Number, required: true, default: 0 },
});
subscriptionSchema.index({ endpoint: 1 }, { unique: true });
subscriptionSchema.index({ interpreterId: 1 });
subscriptionSchema.index({ userId: 1 });
export const PushSubscriptionModel = mongoose.model('PushSubscription', subscriptionSchema, 'push_subscriptions');

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

export interface PushSubscriptionDoc {
  _id: Types.ObjectId;
  endpoint: string;
  userId: string;
  interpreterId: string | null;
  keys: { p256dh: string; auth: string };
  userAgent: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  lastSuccessAt: Date | null;
  failures: number;
}

export type NewPushSubscription = Pick<PushSubscriptionDoc, 'endpoint' | 'userId' | 'interpreterId' | 'keys' | 'userAgent' | 'expiresAt'>;

const keyPair = (doc: VapidKeyPair | null): VapidKeyPair | null => (doc ? { publicKey: doc.publicKey, privateKey: doc.privateKey } : null);

export const vapidKeyStore = {
  read: async () => keyPair(await VapidKeyModel.findById(VAPID_ID).lean<VapidKeyPair>()),
  /** Stores the pair unless one exists: true when this call stored it. */
  insert: (pair: VapidKeyPair, now: Date) => insertOnce(VapidKeyModel, { _id: VAPID_ID, ...pair, createdAt: now }),
};

export const pushSubscriptions = {
  /**
   * Creates or replaces the subscription of one endpoint: a device re-subscribing keeps its row, and an
   * endpoint another user held becomes the caller's (one browser profile, one owner at a time).
   */
  async save(row: NewPushSubscription, now: Date): Promise<PushSubscriptionDoc> {
    const upsert = () =>
      PushSubscriptionModel.findOneAndUpdate(
        { endpoint: row.endpoint },
        { $set: { ...row, failures: 0 }, $setOnInsert: { createdAt: now, lastSuccessAt: null } },
        { upsert: true, new: true },
      ).lean<PushSubscriptionDoc>();
    try {
      return (await upsert())!;
    } catch (error) {
      // Two saves of a new endpoint at once: one inserted, the other now finds it and updates it.
      if (!isDuplicateKey(error)) throw error;
      return (await upsert())!;
    }
  },
  ofUser: (userId: string) => PushSubscriptionModel.find({ userId }).sort({ createdAt: -1 }).lean<PushSubscriptionDoc[]>(),
  ofInterpreters: (interpreterIds: readonly string[]) => PushSubscriptionModel.find({ interpreterId: { $in: interpreterIds } }).lean<PushSubscriptionDoc[]>(),
  /** Which of these interpreters have a device that has not expired, in one query on the interpreterId index. */
  async interpretersAmong(interpreterIds: readonly string[], now: Date): Promise<Set<string>> {
    const rows = await PushSubscriptionModel.find({ interpreterId: { $in: interpreterIds } }, { interpreterId: 1, expiresAt: 1 }).lean<Pick<PushSubscriptionDoc, 'interpreterId' | 'expiresAt'>[]>();
    return new Set(rows.filter((row) => !row.expiresAt || row.expiresAt > now).map((row) => row.interpreterId!));
  },
  removeOwn: async (userId: string, endpoint: string) => (await PushSubscriptionModel.deleteOne({ endpoint, userId })).deletedCount === 1,
  removeMany: (ids: readonly Types.ObjectId[]) => PushSubscriptionModel.deleteMany({ _id: { $in: ids } }),
  succeeded: (id: Types.ObjectId, now: Date) => PushSubscriptionModel.updateOne({ _id: id }, { $set: { lastSuccessAt: now, failures: 0 } }),
  failed: (id: Types.ObjectId) => PushSubscriptionModel.updateOne({ _id: id }, { $inc: { failures: 1 } }),
};
