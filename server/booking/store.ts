import mongoose, { Schema, Types, type InferSchemaType, type UpdateQuery } from 'mongoose';
import { GENDERS, MODALITIES } from '../../shared/enums';
import { OUTCOMES, PROBLEM_KINDS, REQUEST_STATUSES, UNFILLED_REASONS, VERIFICATIONS } from '../../shared/schemas/booking';
import { duplicateRows, insertManyOnce, insertOnce, updateVersioned } from '../platform/writes';
import { workedMinutes } from './worked-minutes-store';

// The only file that touches the booking component's mongoose models.

export type CalendarRole = 'requester' | 'interpreter';

/** Someone who has the session in their calendar (see calendar.ts). */
export interface CalendarAttendee {
  role: CalendarRole;
  userId: Types.ObjectId;
  email: string;
}

/** What a change writes to the request's calendar fields, in the same update. */
export interface CalendarUpdate {
  $set: { calendarAttendees: CalendarAttendee[] };
  $inc: { calendarSequence: 1 };
}

/** One change of a request, kept on the request: who, when, what for (the audit trail of its export). */
const changeSchema = new Schema(
  {
    version: { type: Number, required: true },
    event: { type: String, required: true },
    at: { type: Date, required: true },
    byRole: { type: String, required: true },
    byUserId: { type: Schema.Types.ObjectId },
    interpreterId: { type: Schema.Types.ObjectId },
    /** A cancellation's or a withdrawal's reason: patient text, erased with the request's. */
    reason: { type: String },
  },
  { _id: false },
);

/** Someone who has the session in their calendar: the address the REQUEST went to, where its CANCEL goes. */
const calendarAttendeeSchema = new Schema(
  {
    role: { type: String, required: true, enum: ['requester', 'interpreter'] },
    userId: { type: Schema.Types.ObjectId, required: true },
    email: { type: String, required: true },
  },
  { _id: false },
);

const requestSchema = new Schema(
  {
    structureId: { type: Schema.Types.ObjectId, required: true },
    requesterId: { type: Schema.Types.ObjectId, required: true },
    /** The booker's name when they booked, as the interpreter's offer names them (no read per offer). */
    requesterName: { type: String },
    language: { type: String, required: true },
    modality: { type: String, required: true, enum: MODALITIES },
    immediate: { type: Boolean, required: true, default: false },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    /** The zone its times are read and shown in: its structure's at booking (see zone.ts); absent on older requests, booked in Paris time. */
    timeZone: { type: String },
    durationMinutes: { type: Number, required: true },
    /** The exchange with the professional before the start and after the end, in minutes (shared/exchange.ts); absent on older requests: none. */
    briefingMinutes: { type: Number },
    debriefingMinutes: { type: Number },
    specialty: { type: String },
    location: { type: new Schema({ address: String, department: String }, { _id: false }) },
    interpreterGender: { type: String, enum: GENDERS },
    sameInterpreterAs: { type: Schema.Types.ObjectId },
    preferredInterpreterId: { type: Schema.Types.ObjectId },
    patientRef: { type: String },
    notes: { type: String },
    /** The professional's number, for the interpreter to call when the call cannot be held in the browser. */
    callbackPhone: { type: String },
    seriesId: { type: Schema.Types.ObjectId },
    occurrence: { type: Number },
    /** How many sessions the series was booked with ("séance 3/6"), whatever became of them since. */
    seriesSize: { type: Number },
    status: { type: String, required: true, enum: REQUEST_STATUSES, default: 'open' },
    version: { type: Number, required: true, default: 0 },
    interpreterId: { type: Schema.Types.ObjectId },
    agencyId: { type: Schema.Types.ObjectId },
    assignedAt: { type: Date },
    candidateAgencyIds: { type: [Schema.Types.ObjectId], default: [] },
    wave: { type: Number, required: true, default: 0 },
    atRiskSince: { type: Date },
    /** How many interpreters could take it when it was booked (the 201 answer's coverage). */
    eligibleAtBooking: { type: Number },
    /**
     * Nobody the platform can reach will take it (nobody eligible, or every eligible interpreter was
     * offered it and none took it): every agency's dispatchers see it. Cleared by any transition but giveUp.
     */
    uncovered: { type: Boolean, default: false },
    uncoveredSince: { type: Date },
    /** What would work instead, counted when it became uncovered: the other modalities, later times. */
    alternatives: {
      type: new Schema(
        {
          offeredTo: Number,
          byModality: { phone: Number, video: Number, onsite: Number },
          times: { type: [new Schema({ start: Date, eligible: Number }, { _id: false })], default: undefined },
        },
        { _id: false },
      ),
    },
    unfilledReason: { type: String, enum: [...UNFILLED_REASONS, null], default: null },
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
      // measuredSeconds: what the platform's call measured (phone and video); heldByCallback: the call could not be held, the minutes are declared.
      type: new Schema({ at: Date, actualMinutes: Number, outcome: { type: String, enum: OUTCOMES }, measuredSeconds: Number, heldByCallback: Boolean }, { _id: false }),
    },
    /** The structure's verification of a completed session (see VERIFICATIONS), and until when it may answer. */
    verification: { type: String, enum: [...VERIFICATIONS, null], default: null },
    verificationDueAt: { type: Date },
    verifiedAt: { type: Date },
    dispute: {
      type: new Schema({ at: Date, byUserId: Schema.Types.ObjectId, actualMinutes: Number, reason: String }, { _id: false }),
    },
    resolution: {
      type: new Schema({ at: Date, byUserId: Schema.Types.ObjectId, byRole: String, decision: String, reason: String }, { _id: false }),
    },
    /** The assigned interpreter said, the day before, that they will come. */
    reconfirmedAt: { type: Date },
    /** Its deadline passed without a reconfirmation: the session is at risk until the interpreter reconfirms. */
    reconfirmationMissedAt: { type: Date },
    /**
     * Every withdrawal of an interpreter; late when less than 48 hours before the start, never when they
     * stepped back because they know the patient (`knowsPatient`, impartiality).
     */
    withdrawals: {
      type: [new Schema({ interpreterId: Schema.Types.ObjectId, at: Date, minutesBeforeStart: Number, late: Boolean, knowsPatient: Boolean }, { _id: false })],
      default: [],
    },
    /** The requester's rating after a confirmed session; the comment stays within the structure and the agency. */
    feedback: {
      type: new Schema({ at: Date, byUserId: Schema.Types.ObjectId, rating: Number, comment: String, doNotSendAgain: Boolean }, { _id: false }),
    },
    /** A problem the interpreter reported about the session. */
    problem: {
      type: new Schema({ at: Date, kind: { type: String, enum: PROBLEM_KINDS }, comment: String }, { _id: false }),
    },
    /** When the retention job removed the patient reference, notes and free-text reasons. */
    erasedAt: { type: Date, default: null },
    /** When its dispatch steps were planned: a request a killed process wrote but never planned has none. */
    dispatchPlannedAt: { type: Date, default: null },
    /**
     * The SEQUENCE of the last calendar invitation sent about it: -1 before the first REQUEST, so that the
     * $inc of the change that sends it makes it 0. Moved only by the update that makes that change.
     */
    calendarSequence: { type: Number, default: -1 },
    /** Who has the session in their calendar (sent a REQUEST, no CANCEL since): a CANCEL goes to exactly these. */
    calendarAttendees: { type: [calendarAttendeeSchema], default: [] },
    /** The Idempotency-Key record that created it, for its export. */
    idempotencyKeyId: { type: String },
    history: { type: [changeSchema], default: [] },
  },
  { timestamps: true },
);
requestSchema.index({ structureId: 1, _id: -1 });
requestSchema.index({ status: 1, start: 1 });
requestSchema.index({ status: 1, dispatchPlannedAt: 1, createdAt: 1 });
requestSchema.index({ interpreterId: 1, start: 1 });
requestSchema.index({ agencyId: 1, _id: -1 });
// A dispatcher's list: the agencies a request was offered to (an array, indexed by element).
requestSchema.index({ candidateAgencyIds: 1, _id: -1 });
requestSchema.index({ seriesId: 1, occurrence: 1 });
// The disputes waiting to be settled.
requestSchema.index({ verification: 1, _id: -1 });
// Every dispatcher's list includes the uncovered requests, whatever their agency.
requestSchema.index({ uncovered: 1, _id: -1 });
requestSchema.index({ erasedAt: 1, end: 1 });
// The access report: the requests changed since it last looked (a year's requests come from { status, start }).
requestSchema.index({ updatedAt: 1 });

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
offerSchema.index({ interpreterId: 1, status: 1, expiresAt: 1 });

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
idempotencySchema.index({ createdAt: 1 });

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


export type RequestChange = NonNullable<RequestDoc['history']>[number];
/** Who makes a change, as its history records it. */
export interface ChangedBy {
  byRole: string;
  byUserId?: unknown;
  interpreterId?: unknown;
  reason?: string;
}

const historyEntry = (doc: RequestDoc, event: string, by: ChangedBy, now: Date) => ({
  version: doc.version + 1,
  event,
  at: now,
  byRole: by.byRole,
  ...(by.byUserId ? { byUserId: by.byUserId } : {}),
  ...(by.interpreterId ? { interpreterId: by.interpreterId } : {}),
  ...(by.reason ? { reason: by.reason } : {}),
});

/** One versioned change of a request: what to set (and increment), decided from the request as it is then. */
export interface RequestUpdate {
  $set: Filter;
  $inc?: Record<string, number>;
}

export const requests = {
  /**
   * Inserts new requests with reserved ids in one write; an id inserted before (a replay) is skipped,
   * which makes creation idempotent. Returns the requests as stored: as written, or as found for a replay.
   */
  async insertNew(rows: Array<Partial<RequestDoc> & { _id: Types.ObjectId }>, replay: boolean): Promise<RequestDoc[]> {
    const written = await insertManyOnce<RequestDoc>(RequestModel, rows);
    if (!replay) return written;
    const stored = await RequestModel.find({ _id: { $in: rows.map((row) => row._id) } }).lean<RequestDoc[]>();
    return rows.map((row) => stored.find((doc) => doc._id.equals(row._id))).filter((doc): doc is RequestDoc => doc !== undefined);
  },
  /**
   * Inserts requests a generator built whole, in their stored shape (every field, defaults included): no
   * casting nor validation, which cost 1 ms a request on a loaded machine. Ids already there are skipped.
   */
  async insertPrepared(docs: ReadonlyArray<RequestDoc>): Promise<void> {
    if (docs.length === 0) return;
    const skipped = await RequestModel.collection.insertMany(docs as never[], { ordered: false }).then(() => new Set<number>(), (error: unknown) => duplicateRows(error, docs.length));
    // Those already there were counted when they were written.
    await workedMinutes.followInserted(docs.filter((_, i) => !skipped.has(i)), `insert:${docs[0]!._id.toString()}:${docs.length}`);
  },
  findOne: (filter: Filter) => RequestModel.findOne(filter).lean<RequestDoc>(),
  /** The verification of each of these requests, by id. */
  verificationOf: (ids: readonly Types.ObjectId[]) =>
    RequestModel.find({ _id: { $in: [...ids] } }).select({ verification: 1 }).lean<Array<Pick<RequestDoc, '_id' | 'verification'>>>(),
  find: (filter: Filter, limit = 1000, sort: Record<string, 1 | -1> = { _id: -1 }) =>
    RequestModel.find(filter).sort(sort).limit(limit).lean<RequestDoc[]>(),
  /**
   * Changes a request, given by id or as just read: `decide` says what to write from the request as it
   * is, or null when the change no longer applies. One conditional update on the request's version (so
   * exactly once however many callers race), recorded in its history as `event`. The state machine's
   * transitions (transition.ts) and dispatch's bookkeeping are written through here.
   */
  async change(target: Types.ObjectId | RequestDoc, event: string, decide: (doc: RequestDoc) => RequestUpdate | null, by: ChangedBy = { byRole: 'system' }, now = new Date()) {
    let before: RequestDoc | undefined;
    const changed = await updateVersioned<RequestDoc>(RequestModel, target instanceof Types.ObjectId ? target : target._id, (doc) => {
      before = doc;
      const update = decide(doc);
      return update && { $set: update.$set, $push: { history: historyEntry(doc, event, by, now) }, ...(update.$inc ? { $inc: update.$inc } : {}) };
    }, target instanceof Types.ObjectId ? undefined : target);
    // The interpreter's minutes follow every change that lands (assigned, moved, withdrawn, cancelled, completed).
    if (changed) await workedMinutes.follow(before!, changed);
    return changed;
  },
  /** A change that only sets fields (dispatch's bookkeeping, a correction): `decide` answers them, or null. */
  amend: (target: Types.ObjectId | RequestDoc, event: string, decide: (doc: RequestDoc) => Filter | null, by: ChangedBy = { byRole: 'system' }, now = new Date()) =>
    requests.change(target, event, (doc) => {
      const set = decide(doc);
      return set && { $set: set };
    }, by, now),
  /**
   * Counts the worked minutes of the sessions from `since` on, once, in a database made before they were
   * kept (ranking reads no further back); the number of requests counted.
   */
  async countWorkedMinutesOnce(since: Date): Promise<number> {
    if (await workedMinutes.any()) return 0;
    const docs = await RequestModel.find({ status: { $in: ['assigned', 'completed'] }, start: { $gte: since } }, { version: 1, status: 1, interpreterId: 1, start: 1, durationMinutes: 1, briefingMinutes: 1, debriefingMinutes: 1 }).lean<RequestDoc[]>();
    await workedMinutes.followInserted(docs, 'count-once');
    return docs.length;
  },
  /** Records that a request's dispatch steps are planned (not a change of the request: no new version). */
  markPlanned: (ids: Types.ObjectId[], now: Date) => RequestModel.updateMany({ _id: { $in: ids } }, { $set: { dispatchPlannedAt: now } }),
  /** Open requests created before the cutoff whose dispatch was never planned (their writer was killed). */
  unplanned: (createdBefore: Date, limit: number) =>
    RequestModel.find({ status: 'open', dispatchPlannedAt: null, createdAt: { $lt: createdBefore } }).limit(limit).lean<RequestDoc[]>(),
  /**
   * Rewrites a request WITHOUT a new version or history entry (retention's erasure: ledger keys and the
   * usage check derive from the version, so a version bump would bill the request again). Conditional on
   * the version read, so a change landing meanwhile is never overwritten; retried a few times. `decide`
   * answers the update, or null to leave it. True when written.
   */
  async rewriteQuietly(id: Types.ObjectId, decide: (doc: RequestDoc) => UpdateQuery<RequestDoc> | null): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = await RequestModel.findById(id).lean<RequestDoc>();
      const update = doc && decide(doc);
      if (!doc || !update) return false;
      if ((await RequestModel.updateOne({ _id: id, version: doc.version }, update)).modifiedCount === 1) return true;
    }
    return false;
  },
  /** What the access report reads of the requests the filter selects, unsorted and unlimited: no patient field, no history. */
  reportFields: (filter: Filter) => RequestModel.find(filter).select(REPORT_FIELDS).lean<RequestReportFields[]>(),
  /** Which database the requests live in: what a process keeps in memory about them is only good for that one. */
  databaseName: () => RequestModel.db.name,
  /** Every request in one of these statuses, one at a time (a pass over them: for the usage check, not for requests). */
  eachWithStatus: (statuses: readonly string[]): AsyncIterable<RequestDoc> => RequestModel.find({ status: { $in: [...statuses] } }).lean<RequestDoc>().cursor(),
};

const REPORT_FIELDS = 'structureId language modality immediate start timeZone status unfilledReason cancellation.wasAssigned cancellationFeeCents createdAt assignedAt';
export type RequestReportFields = Pick<RequestDoc, '_id' | 'structureId' | 'language' | 'modality' | 'immediate' | 'start' | 'timeZone' | 'status' | 'unfilledReason' | 'cancellationFeeCents' | 'createdAt' | 'assignedAt'>
  & { cancellation?: { wasAssigned?: boolean | null } | null };

export const offers = {
  /**
   * One insert for a whole wave, answering the offers of that wave. An interpreter already offered this
   * request keeps one offer row: if the platform withdrew it in an earlier wave (someone else accepted,
   * then withdrew), it is opened again for this wave; a replayed wave changes nothing. Then the wave's
   * offers are read back.
   */
  async createWave(rows: Omit<OfferDoc, '_id' | 'closedAt'>[], requestId: Types.ObjectId, wave: number): Promise<OfferDoc[]> {
    if (rows.length === 0) return [];
    try {
      return (await OfferModel.insertMany(rows, { ordered: false })).map((doc) => doc.toObject<OfferDoc>());
    } catch (error) {
      duplicateRows(error, rows.length);
      await Promise.all(rows.map((row) => OfferModel.updateOne(
        { requestId, interpreterId: row.interpreterId, status: 'withdrawn', wave: { $lt: wave } },
        { $set: { status: 'live', wave, createdAt: row.createdAt, expiresAt: row.expiresAt }, $unset: { closedAt: 1 } },
      )));
      return OfferModel.find({ requestId, wave, status: 'live' }).lean<OfferDoc[]>();
    }
  },
  findOne: (filter: Filter) => OfferModel.findOne(filter).lean<OfferDoc>(),
  find: (filter: Filter) => OfferModel.find(filter).sort({ expiresAt: 1 }).lean<OfferDoc[]>(),
  /** An interpreter's live offers, soonest to lapse first (ties by id), from the index; after `previous` when given. */
  livePage(interpreterId: Types.ObjectId, now: Date, limit: number, previous?: Pick<OfferDoc, '_id' | 'expiresAt'>) {
    const live = { interpreterId, status: 'live', expiresAt: { $gt: now } };
    const filter = previous
      ? { ...live, $or: [{ expiresAt: { $gt: previous.expiresAt } }, { expiresAt: previous.expiresAt, _id: { $gt: previous._id } }] }
      : live;
    return OfferModel.find(filter).sort({ expiresAt: 1, _id: 1 }).limit(limit).lean<OfferDoc[]>();
  },
  /** Closes one live offer, once: the offer as closed, or null when it was not live. */
  close: (filter: Filter, status: 'accepted' | 'declined' | 'withdrawn' | 'expired', now: Date) =>
    OfferModel.findOneAndUpdate({ ...filter, status: 'live' }, { $set: { status, closedAt: now } }, { new: true }).lean<OfferDoc>(),
  /** Closes the live offers the filter names, each once; returns those this call closed. */
  async closeMany(filter: Filter, status: 'withdrawn' | 'expired', now: Date): Promise<OfferDoc[]> {
    const live = await OfferModel.find({ ...filter, status: 'live' }).lean<OfferDoc[]>();
    const closed = await Promise.all(live.map((offer) => offers.close({ _id: offer._id }, status, now)));
    return closed.filter((offer): offer is OfferDoc => offer !== null);
  },
};

export const agendas = {
  async get(interpreterId: Types.ObjectId): Promise<AgendaDoc> {
    const found = await AgendaModel.findById(interpreterId).lean<AgendaDoc>();
    if (found) return found;
    await insertOnce(AgendaModel, { _id: interpreterId, version: 0, bookings: [] });
    return (await AgendaModel.findById(interpreterId).lean<AgendaDoc>())!;
  },
  /** Adds a booking only if nobody changed the agenda since it was read (conditional on its version). */
  pushIfUnchanged: async (agenda: AgendaDoc & { _id: Types.ObjectId }, booking: HeldBooking) =>
    (await AgendaModel.updateOne({ _id: agenda._id, version: agenda.version }, { $push: { bookings: booking }, $inc: { version: 1 } })).modifiedCount === 1,
  release: (interpreterId: Types.ObjectId, requestId: Types.ObjectId) =>
    updateVersioned<AgendaDoc & { _id: Types.ObjectId }>(AgendaModel, interpreterId, (agenda) => {
      const kept = agenda.bookings.filter((b) => !b.requestId?.equals(requestId));
      return kept.length === agenda.bookings.length ? null : { $set: { bookings: kept } };
    }),
  // No ids, no query: the engine reads a whole collection for an empty `$in` (MongoDB reads nothing).
  findMany: async (ids: Types.ObjectId[]) => (ids.length === 0 ? [] : AgendaModel.find({ _id: { $in: ids } }).lean<AgendaDoc[]>()),
  /** The slot an interpreter's agenda holds for a request, if any. */
  async holdOf(interpreterId: Types.ObjectId, requestId: Types.ObjectId) {
    const agenda = await AgendaModel.findById(interpreterId).lean<AgendaDoc>();
    return agenda?.bookings.find((b) => b.requestId?.equals(requestId)) ?? null;
  },
};

export const idempotencyKeys = {
  /** The key that created a request, if it is still kept. */
  byId: (id: string) => IdempotencyModel.findById(id).lean<IdempotencyDoc>(),
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
