import mongoose, { Schema, Types, type InferSchemaType } from 'mongoose';
import { GENDERS, MODALITIES } from '../../shared/enums';
import { OUTCOMES, REQUEST_STATUSES } from '../../shared/schemas/booking';
import { changeVersioned, claim, ClaimModel, findClaim, insertOnce, isDuplicateKey, type Claim } from '../platform/claims';
import { findOneLean } from '../platform/lookup';
import { canApply, TRANSITIONS, type Transition } from './state-machine';

// The only file that touches the booking component's mongoose models.

const requestSchema = new Schema(
  {
    structureId: { type: Schema.Types.ObjectId, required: true },
    requesterId: { type: Schema.Types.ObjectId, required: true },
    language: { type: String, required: true },
    modality: { type: String, required: true, enum: MODALITIES },
    immediate: { type: Boolean, required: true, default: false },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    durationMinutes: { type: Number, required: true },
    specialty: { type: String },
    location: { type: new Schema({ address: String, department: String }, { _id: false }) },
    interpreterGender: { type: String, enum: GENDERS },
    sameInterpreterAs: { type: Schema.Types.ObjectId },
    preferredInterpreterId: { type: Schema.Types.ObjectId },
    patientRef: { type: String },
    notes: { type: String },
    seriesId: { type: Schema.Types.ObjectId },
    occurrence: { type: Number },
    status: { type: String, required: true, enum: REQUEST_STATUSES, default: 'open' },
    version: { type: Number, required: true, default: 0 },
    interpreterId: { type: Schema.Types.ObjectId },
    agencyId: { type: Schema.Types.ObjectId },
    assignedAt: { type: Date },
    candidateAgencyIds: { type: [Schema.Types.ObjectId], default: [] },
    wave: { type: Number, required: true, default: 0 },
    atRiskSince: { type: Date },
    cancellation: {
      type: new Schema(
        { at: Date, byUserId: Schema.Types.ObjectId, byRole: String, reason: String, minutesBeforeStart: Number, wasAssigned: Boolean },
        { _id: false },
      ),
    },
    cancellationFeeCents: { type: Number },
    costCents: { type: Number },
    billedMinutes: { type: Number },
    /** The estimated cost an assignment committed of the structure's budget, released when it ends. */
    committedCents: { type: Number },
    /** The tariff version the last recorded price came from. */
    tariffVersion: { type: String },
    /** How many times an auditor corrected the completion (each a reversal plus a new ledger entry). */
    corrections: { type: Number },
    completion: {
      type: new Schema({ at: Date, actualMinutes: Number, outcome: { type: String, enum: OUTCOMES } }, { _id: false }),
    },
    /** When the retention job removed the patient reference, notes and free-text reasons. */
    erasedAt: { type: Date },
  },
  { timestamps: true },
);
requestSchema.index({ structureId: 1, _id: -1 });
requestSchema.index({ status: 1, start: 1 });
requestSchema.index({ interpreterId: 1, start: 1 });
requestSchema.index({ seriesId: 1, occurrence: 1 });
requestSchema.index({ candidateAgencyIds: 1, status: 1 });

const offerSchema = new Schema({
  requestId: { type: Schema.Types.ObjectId, required: true },
  interpreterId: { type: Schema.Types.ObjectId, required: true },
  wave: { type: Number, required: true },
  status: { type: String, required: true, enum: ['live', 'accepted', 'declined', 'withdrawn', 'expired'], default: 'live' },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  closedAt: { type: Date },
});
offerSchema.index({ requestId: 1, interpreterId: 1 }, { unique: true });
offerSchema.index({ interpreterId: 1, status: 1 });

// An interpreter's agenda is one document, so checking for a conflict and recording a booking can be a
// single optimistic update guarded by `version`: two acceptances can never both land on overlapping time.
const agendaSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true, default: 0 },
  bookings: {
    type: [
      new Schema(
        { requestId: Schema.Types.ObjectId, start: Date, end: Date, modality: String, department: String, heldAt: Date },
        { _id: false },
      ),
    ],
    default: [],
  },
});

// The first answer to an Idempotency-Key, with the ids its requests will carry, reserved before creating.
const idempotencySchema = new Schema({
  _id: { type: String, required: true },
  bodyHash: { type: String, required: true },
  requestIds: { type: [Schema.Types.ObjectId], required: true },
  createdAt: { type: Date, required: true },
});

export const RequestModel = mongoose.model('Request', requestSchema);
export const OfferModel = mongoose.model('Offer', offerSchema);
export const AgendaModel = mongoose.model('Agenda', agendaSchema);
export const IdempotencyModel = mongoose.model('IdempotencyKey', idempotencySchema);

export type RequestDoc = InferSchemaType<typeof requestSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type OfferDoc = InferSchemaType<typeof offerSchema> & { _id: Types.ObjectId };
export type AgendaDoc = InferSchemaType<typeof agendaSchema>;
export type IdempotencyDoc = InferSchemaType<typeof idempotencySchema>;
export type Filter = Record<string, unknown>;
export interface HeldBooking {
  requestId: Types.ObjectId;
  start: Date;
  end: Date;
  modality: string;
  department?: string;
  heldAt: Date;
}


export const requests = {
  /** Inserts with a reserved id; inserting the same id again is a no-op, which makes creation idempotent. */
  insertOnce: (data: Partial<RequestDoc> & { _id: Types.ObjectId }) => insertOnce(RequestModel, data),
  findOne: (filter: Filter) => findOneLean<RequestDoc>(RequestModel, filter),
  find: (filter: Filter, limit = 1000, sort: Record<string, 1 | -1> = { _id: -1 }) =>
    RequestModel.find(filter).sort(sort).limit(limit).lean<RequestDoc[]>(),
  /**
   * Applies one transition of the state machine: only from its `from` statuses, only while `guard`
   * holds, and exactly once per version of the request however many callers race (see changeVersioned).
   */
  transition: (
    id: Types.ObjectId,
    name: Transition,
    guard: (doc: RequestDoc) => boolean,
    set: Filter | ((doc: RequestDoc) => Filter),
    event: { byRole: string; interpreterId?: unknown; reason?: string },
  ) =>
    changeVersioned<RequestDoc>(RequestModel, 'request', id, (doc) => {
      if (!canApply(name, doc.status) || !guard(doc)) return null;
      return { ...(typeof set === 'function' ? set(doc) : set), status: TRANSITIONS[name].to };
    }, { event: name, ...event }),
  /** Dispatch's own bookkeeping on a request (wave reached, at risk, preferred interpreter), versioned too. */
  note: (id: Types.ObjectId, decide: (doc: RequestDoc) => Filter | null, event: string) =>
    changeVersioned<RequestDoc>(RequestModel, 'request', id, decide, { event, byRole: 'system' }),
  /** The claim of each version the request went through: who changed it, when, and what was set. */
  async history(doc: Pick<RequestDoc, '_id' | 'version'>): Promise<Claim[]> {
    const found = await Promise.all(Array.from({ length: doc.version }, (_, v) => findClaim('request', doc._id.toString(), v)));
    return found.filter((c): c is Claim => c !== null);
  },
  erase: eraseText,
};

/** Free text that may name or describe a patient, on the request and in the claims of its changes. */
export const PATIENT_TEXT = ['patientRef', 'notes', 'cancellation.reason'] as const;
const CLAIM_TEXT = ['record.reason', 'record.set.cancellation.reason'] as const;
const unsetAll = (paths: readonly string[]) => Object.fromEntries(paths.map((path) => [path, '']));

const ABANDONED_MS = 60_000;

/**
 * Removes the patient text of one request and of its claims, without a new version: ledger keys and the
 * usage check are derived from the version, so a version bump would bill the request again. False when
 * a writer holds the current version (mid-change): the next run tries again.
 */
async function eraseText(id: Types.ObjectId, now: Date): Promise<boolean> {
  const doc = await RequestModel.findById(id).lean<RequestDoc>();
  if (!doc) return false;
  const held = await findClaim('request', id.toString(), doc.version);
  if (held) {
    // A writer is mid-change: leave the request to the next run, unless it died; then finish its change.
    if (Date.now() - held.at.getTime() < ABANDONED_MS) return false;
    await RequestModel.updateOne({ _id: id }, { $set: held.record.set as Filter });
    return eraseText(id, now);
  }
  for (const change of await requests.history(doc)) {
    if (CLAIM_TEXT.some((path) => readPath(change, path) !== undefined)) await ClaimModel.updateOne({ _id: change._id }, { $unset: unsetAll(CLAIM_TEXT) });
  }
  await RequestModel.updateOne({ _id: id }, { $unset: unsetAll(PATIENT_TEXT), $set: { erasedAt: now } });
  // The engine writes a whole document back: a versioned change that landed meanwhile was overwritten.
  // Its claimant's own set, written again, restores it (it is the same set, so twice is harmless).
  const raced = await findClaim('request', id.toString(), doc.version);
  const current = raced && (await RequestModel.findById(id).select({ version: 1 }).lean<{ version: number }>());
  if (raced && current?.version === doc.version) await RequestModel.updateOne({ _id: id }, { $set: raced.record.set as Filter });
  return true;
}

const readPath = (value: unknown, path: string) => path.split('.').reduce<unknown>((v, part) => (v as Filter | undefined)?.[part], value);

export const offers = {
  /**
   * One insert for a whole wave, answering the offers of that wave. An interpreter already offered this
   * request (a replayed wave) is skipped, and then the wave's offers are read back instead.
   */
  async createWave(rows: Omit<OfferDoc, '_id' | 'closedAt'>[], requestId: Types.ObjectId, wave: number): Promise<OfferDoc[]> {
    if (rows.length === 0) return [];
    try {
      return (await OfferModel.insertMany(rows, { ordered: false })).map((doc) => doc.toObject<OfferDoc>());
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      const onlyDuplicates = writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000);
      if (!isDuplicateKey(error) && !onlyDuplicates) throw error;
      return OfferModel.find({ requestId, wave, status: 'live' }).lean<OfferDoc[]>();
    }
  },
  findOne: (filter: Filter) => findOneLean<OfferDoc>(OfferModel, filter),
  find: (filter: Filter) => OfferModel.find(filter).sort({ expiresAt: 1 }).lean<OfferDoc[]>(),
  /** An offer's status is what interpreters see; the request and the agenda, claimed by version, decide who won. */
  async close(filter: Filter, status: 'accepted' | 'declined' | 'withdrawn' | 'expired', now: Date): Promise<OfferDoc | null> {
    const offer = await findOneLean<OfferDoc>(OfferModel, { ...filter, status: 'live' });
    if (!offer) return null;
    await OfferModel.updateOne({ _id: offer._id }, { $set: { status, closedAt: now } });
    return { ...offer, status, closedAt: now };
  },
  closeMany: async (filter: Filter, status: 'withdrawn' | 'expired', now: Date) => {
    const closing = await OfferModel.find({ ...filter, status: 'live' }).lean<OfferDoc[]>();
    if (closing.length === 0) return [];
    await OfferModel.updateMany({ _id: { $in: closing.map((o) => o._id) }, status: 'live' }, { $set: { status, closedAt: now } });
    return closing;
  },
};

export const agendas = {
  async get(interpreterId: Types.ObjectId): Promise<AgendaDoc> {
    const found = await AgendaModel.findById(interpreterId).lean<AgendaDoc>();
    if (found) return found;
    await insertOnce(AgendaModel, { _id: interpreterId, version: 0, bookings: [] });
    return (await AgendaModel.findById(interpreterId).lean<AgendaDoc>())!;
  },
  /** Adds a booking only if nobody changed the agenda since it was read (one claim per agenda version). */
  async pushIfUnchanged(agenda: AgendaDoc & { _id: Types.ObjectId }, booking: HeldBooking): Promise<boolean> {
    const next = { bookings: [...agenda.bookings, booking], version: agenda.version + 1 };
    if (!(await claim('agenda', agenda._id.toString(), agenda.version, { event: 'hold', requestId: booking.requestId, set: next }))) return false;
    await AgendaModel.updateOne({ _id: agenda._id }, { $set: next });
    return true;
  },
  release: (interpreterId: Types.ObjectId, requestId: Types.ObjectId) =>
    changeVersioned<AgendaDoc & { _id: Types.ObjectId }>(AgendaModel, 'agenda', interpreterId, (agenda) => {
      const kept = agenda.bookings.filter((b) => !b.requestId?.equals(requestId));
      return kept.length === agenda.bookings.length ? null : { bookings: kept };
    }, { event: 'release', requestId }),
  findMany: (ids: Types.ObjectId[]) => AgendaModel.find({ _id: { $in: ids } }).lean<AgendaDoc[]>(),
  /** The slot an interpreter's agenda holds for a request, if any. */
  async holdOf(interpreterId: Types.ObjectId, requestId: Types.ObjectId) {
    const agenda = await AgendaModel.findById(interpreterId).lean<AgendaDoc>();
    return agenda?.bookings.find((b) => b.requestId?.equals(requestId)) ?? null;
  },
};

export const idempotencyKeys = {
  /** The keys that created a request (a scan: for an export, not for booking). */
  of: (requestId: Types.ObjectId) => IdempotencyModel.find({ requestIds: requestId }).lean<IdempotencyDoc[]>(),
  /** A key only guards against retries within minutes; an old one is a hash of a body that held patient text. */
  purgeBefore: async (cutoff: Date) => (await IdempotencyModel.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount,
  /** Returns the stored record: ours if we were first, the earlier one otherwise. */
  async claim(record: IdempotencyDoc): Promise<{ first: boolean; record: IdempotencyDoc }> {
    if (await insertOnce(IdempotencyModel, record)) return { first: true, record };
    return { first: false, record: (await IdempotencyModel.findById(record._id).lean<IdempotencyDoc>())! };
  },
};

export const newId = () => new Types.ObjectId();
export const toId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
