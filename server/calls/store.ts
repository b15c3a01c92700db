import mongoose, { Schema, Types } from 'mongoose';
import type { ParticipantRole } from '../../shared/call-protocol';
import { insertOnce, updateVersioned } from '../platform/writes';

// The only file that touches the calls component's mongoose models: a call's live state (one small
// document per session, changed in place under its version), its event log, and guests' links.

/** One person in a call, as the server knows them. */
export interface MemberDoc {
  /** The participant id the others see: `u<userId>` for an account, `g<link>` for a guest. */
  id: string;
  role: ParticipantRole;
  name: string;
  /** The socket that speaks for this member now; null while its page is reconnecting. */
  socketId: string | null;
  joinedAt: Date;
  /** The last sign of life from the page (a message of any kind). */
  beatAt: Date;
  /** The members this member's browser reports having media connected with. */
  peers: string[];
  /** Off once the page said so (`devices`); unset: on. */
  microphone?: boolean | undefined;
  camera?: boolean | undefined;
}

export interface CallDoc {
  _id: Types.ObjectId;
  version: number;
  members: MemberDoc[];
  /** Since when the interpreter and at least one other member are connected together; null when not. */
  togetherSince: Date | null;
  /** Milliseconds together before togetherSince (closed spans only). */
  measuredMs: number;
  firstJoinAt: Date;
  endedAt: Date | null;
  /** Each participant's last answer to "Le son était-il bon ?", by participant id. */
  sound?: Record<string, boolean> | null;
}

const memberSchema = new Schema(
  {
    id: { type: String, required: true },
    role: { type: String, required: true },
    name: { type: String, required: true },
    socketId: { type: String, default: null },
    joinedAt: { type: Date, required: true },
    beatAt: { type: Date, required: true },
    peers: { type: [String], default: [] },
    microphone: { type: Boolean },
    camera: { type: Boolean },
  },
  { _id: false },
);

const callSchema = new Schema({
  version: { type: Number, required: true, default: 0 },
  members: { type: [memberSchema], default: [] },
  togetherSince: { type: Date, default: null },
  measuredMs: { type: Number, required: true, default: 0 },
  firstJoinAt: { type: Date, required: true },
  endedAt: { type: Date, default: null },
  sound: { type: Schema.Types.Mixed },
});
// The liveness sweep: calls with a member silent for too long.
callSchema.index({ 'members.beatAt': 1 });

const callEventSchema = new Schema({
  requestId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
  kind: { type: String, required: true, enum: ['join', 'rejoin', 'leave', 'timeout', 'together', 'apart', 'ended', 'quality'] },
  participantId: { type: String },
  role: { type: String },
  /** For `quality`: the participant's answer to "Le son était-il bon ?". */
  good: { type: Boolean },
});
callEventSchema.index({ requestId: 1, at: 1 });

/** A guest's link: only the SHA-256 of its token is kept, as `_id`. */
const invitationSchema = new Schema({
  _id: { type: String, required: true },
  requestId: { type: Schema.Types.ObjectId, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});
invitationSchema.index({ requestId: 1 });

const CallModel = mongoose.model('Call', callSchema, 'calls');
const CallEventModel = mongoose.model('CallEvent', callEventSchema, 'call_events');
const InvitationModel = mongoose.model('CallInvitation', invitationSchema, 'call_invitations');

export interface CallEventDoc {
  requestId: Types.ObjectId;
  at: Date;
  kind: 'join' | 'rejoin' | 'leave' | 'timeout' | 'together' | 'apart' | 'ended' | 'quality';
  participantId?: string;
  role?: string;
  good?: boolean;
}

export interface InvitationDoc {
  _id: string;
  requestId: Types.ObjectId;
  createdBy: Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
}

export const toId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

export const calls = {
  find: (requestId: Types.ObjectId) => CallModel.findById(requestId).lean<CallDoc>(),
  findMany: (requestIds: Types.ObjectId[]) => CallModel.find({ _id: { $in: requestIds } }).lean<CallDoc[]>(),
  /** Creates the call's document at its first join (a no-op when it exists). */
  ensure: async (requestId: Types.ObjectId, now: Date) => {
    await insertOnce(CallModel, { _id: requestId, version: 0, members: [], togetherSince: null, measuredMs: 0, firstJoinAt: now, endedAt: null });
  },
  /** One read-decide-write of a call under its version (see updateVersioned). */
  change: (requestId: Types.ObjectId, decide: (doc: CallDoc) => mongoose.UpdateQuery<CallDoc> | null) => updateVersioned<CallDoc>(CallModel, requestId, decide),
  /** Keeps a participant's answer about the sound (the last one counts). */
  setSound: async (requestId: Types.ObjectId, participantId: string, good: boolean) => {
    await CallModel.updateOne({ _id: requestId }, { $set: { [`sound.${participantId}`]: good } });
  },
  /** Calls with a member whose last sign of life is older than `cutoff`. */
  withSilentMembers: (cutoff: Date) => CallModel.find({ 'members.beatAt': { $lt: cutoff } }, { _id: 1 }).limit(500).lean<Array<{ _id: Types.ObjectId }>>(),
};

export const callEvents = {
  add: async (rows: CallEventDoc[]) => {
    if (rows.length > 0) await CallEventModel.insertMany(rows);
  },
  of: (requestId: Types.ObjectId) => CallEventModel.find({ requestId }, { _id: 0, __v: 0 }).sort({ at: 1, _id: 1 }).limit(2000).lean<CallEventDoc[]>(),
};

export const invitations = {
  create: async (row: InvitationDoc) => {
    await InvitationModel.create(row);
  },
  findUsable: (digest: string, now: Date) => InvitationModel.findOne({ _id: digest, expiresAt: { $gt: now } }).lean<InvitationDoc>(),
};
