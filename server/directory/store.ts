import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { GENDERS, IDENTITY_PROVIDERS, MODALITIES, ROLES, STRUCTURE_TYPES, type IdentityProvider } from '../../shared/enums';

// The only file that touches the directory's mongoose models.

const structureSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    type: { type: String, required: true, enum: STRUCTURE_TYPES },
    department: { type: String, required: true },
    /** The region's INSEE code, which the department says (set on every write of the department). */
    region: { type: String },
    city: { type: String, trim: true },
    finess: { type: String },
    active: { type: Boolean, required: true, default: true },
    /** Interpreters this structure asked never to be offered again (after a rated session). */
    notWantedInterpreterIds: { type: [Schema.Types.ObjectId], default: [] },
    /**
     * Interpreters who stepped back because they know a patient of this structure (impartiality, HAS 2017):
     * never offered that patient again. The reference is kept as a hash (records.ts), never in clear.
     */
    patientRecusals: { type: [new Schema({ patientKey: String, interpreterId: Schema.Types.ObjectId }, { _id: false })], default: [] },
    /** Written by a CSV import not yet confirmed: invisible everywhere until the import activates it. */
    pendingImport: { type: String },
  },
  { timestamps: true },
);
structureSchema.index({ finess: 1 });
// An auditor's structures, and the region of each in reports.
structureSchema.index({ region: 1, name: 1 });

const agencySchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    email: { type: String },
    phone: { type: String },
    departments: { type: [String], default: [] },
    active: { type: Boolean, required: true, default: true },
    /** The seller on its Factur-X invoices: SIRET (scheme 0009), VAT number, and the VAT exemption its invoices state. */
    siret: { type: String },
    vatId: { type: String },
    vatExemptionReason: { type: String },
  },
  { timestamps: true },
);

const timeRangeSchema = new Schema({ from: String, to: String }, { _id: false });

const interpreterProfileSchema = new Schema(
  {
    gender: { type: String, enum: GENDERS, required: true },
    languages: { type: [String], required: true },
    specialties: { type: [String], default: [] },
    modalities: { type: [String], enum: MODALITIES, required: true },
    departments: { type: [String], default: [] },
    travelBufferMinutes: { type: Number, required: true, default: 30 },
    /** INSEE code of the commune on-site travel is billed from (issue 28). */
    baseCommune: { type: String },
    availability: {
      type: [new Schema({ weekday: Number, from: String, to: String }, { _id: false })],
      default: [],
    },
    exceptions: {
      type: [new Schema({ date: String, slots: { type: [timeRangeSchema], default: [] } }, { _id: false })],
      default: [],
    },
    phone: { type: String },
    videoLink: { type: String },
    /** Qualifications held (codes of the catalogue), days as YYYY-MM-DD: valid through `validUntil` when it expires. */
    qualifications: {
      type: [new Schema({ code: { type: String, required: true }, obtainedOn: { type: String, required: true }, validUntil: String }, { _id: false })],
      default: [],
    },
    /** Withdrawals less than 48 hours before a session (the interpreter's record). */
    lateWithdrawals: { type: Number, default: 0 },
    /** Ratings requesters gave after confirmed sessions: their count and sum (an average without a scan). */
    ratingCount: { type: Number, default: 0 },
    ratingSum: { type: Number, default: 0 },
  },
  { _id: false },
);

// The identifier each provider gave the user at their first sign-in with it (OpenID Connect): one per provider.
const identitySubjects = Object.fromEntries(IDENTITY_PROVIDERS.map((provider) => [provider, { type: String }])) as Record<IdentityProvider, { type: StringConstructor }>;

// An interpreter is a user with an interpreter profile: one document, so creating one is atomic.
const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    // Absent while an invitation waits for its password.
    passwordHash: { type: String },
    name: { type: String, required: true, trim: true },
    role: { type: String, required: true, enum: ROLES },
    /** A professional's number: prefills the callback number of their bookings. */
    phone: { type: String },
    structureId: { type: Schema.Types.ObjectId },
    agencyId: { type: Schema.Types.ObjectId },
    /** An auditor's region (INSEE code): what they read and change. */
    region: { type: String },
    active: { type: Boolean, required: true, default: true },
    /** A requester who invites, deactivates and reactivates the requesters of their structure. */
    referent: { type: Boolean },
    /** Invited, and no password chosen yet. */
    invitationPending: { type: Boolean },
    interpreter: { type: interpreterProfileSchema },
    identities: identitySubjects,
    /** Written by a CSV import not yet confirmed: invisible everywhere until the import activates it. */
    pendingImport: { type: String },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, active: 1 });
userSchema.index({ role: 1, region: 1 });
userSchema.index({ structureId: 1 });
userSchema.index({ agencyId: 1, role: 1 });
// Matching: who speaks a language (an array, indexed by element).
userSchema.index({ 'interpreter.languages': 1 });
// Signing in with a provider finds the user by the identifier it gives.
for (const provider of IDENTITY_PROVIDERS) userSchema.index({ [`identities.${provider}`]: 1 });

/** A qualification of the catalogue, keyed by its code: written by `PUT /api/qualifications/:code`. */
const qualificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true, trim: true },
    description: { type: String },
    grammaticalGender: { type: String, enum: ['feminine', 'masculine'] },
    requiredFor: {
      specialties: { type: [String], default: [] },
      languages: { type: [String], default: [] },
    },
  },
  { timestamps: true, versionKey: false },
);

export const StructureModel = mongoose.model('Structure', structureSchema);
const QualificationModel = mongoose.model('Qualification', qualificationSchema);
export const AgencyModel = mongoose.model('Agency', agencySchema);
export const UserModel = mongoose.model('User', userSchema);

export type StructureDoc = InferSchemaType<typeof structureSchema> & { _id: Types.ObjectId };
export type AgencyDoc = InferSchemaType<typeof agencySchema> & { _id: Types.ObjectId };
export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type QualificationDoc = InferSchemaType<typeof qualificationSchema> & { _id: string };

export type Filter = Record<string, unknown>;
export interface Page {
  limit?: number | undefined;
  skip?: number | undefined;
}

// Every read and change leaves out the rows of an import still pending (see stageImport below).
const settled = (filter: Filter): Filter => ({ ...filter, pendingImport: { $exists: false } });

/** The reads and writes every directory collection needs, typed for its documents. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function accessors<D>(model: mongoose.Model<any>) {
  return {
    find: (filter: Filter, page: Page = {}) => model.find(settled(filter)).sort({ name: 1, _id: 1 }).skip(page.skip ?? 0).limit(page.limit ?? 0).lean<D[]>(),
    findOne: (filter: Filter) => model.findOne(settled(filter)).lean<D>(),
    exists: async (filter: Filter) => (await model.exists(settled(filter))) !== null,
    create: async (data: Partial<D>) => (await model.create(data)).toObject() as D,
    update: (filter: Filter, set: Filter) =>
      model.findOneAndUpdate(settled(filter), { $set: set }, { new: true, runValidators: true }).lean<D>(),
    /** `$inc` and `$addToSet` on one document: counters and sets that concurrent writers never lose. */
    add: async (filter: Filter, change: { $inc?: Record<string, number>; $addToSet?: Record<string, unknown> }) =>
      (await model.updateOne(filter, change)).matchedCount === 1,
  };
}

export const structures = accessors<StructureDoc>(StructureModel);
export const agencies = accessors<AgencyDoc>(AgencyModel);

// The password hash is read only to check a login: every other read leaves it out. FerretDB v1 has no
// projection on findAndModify, so updates drop it after the fact.
const withoutHash = <T extends { passwordHash?: string | null } | null>(doc: T): T => {
  if (doc) delete doc.passwordHash;
  return doc;
};

export const users = {
  find: (filter: Filter, page: Page = {}) =>
    UserModel.find(settled(filter)).select('-passwordHash').sort({ name: 1, _id: 1 }).skip(page.skip ?? 0).limit(page.limit ?? 0).lean<UserDoc[]>(),
  findOne: (filter: Filter) => UserModel.findOne(settled(filter)).select('-passwordHash').lean<UserDoc>(),
  findWithPassword: (filter: Filter) => UserModel.findOne(settled(filter)).lean<UserDoc>(),
  count: (filter: Filter) => UserModel.countDocuments(settled(filter)),
  exists: async (filter: Filter) => (await UserModel.exists(settled(filter))) !== null,
  create: async (data: Partial<UserDoc>) => withoutHash((await UserModel.create(data)).toObject<UserDoc>()),
  update: async (filter: Filter, set: Filter) =>
    withoutHash(await UserModel.findOneAndUpdate(settled(filter), { $set: set }, { new: true, runValidators: true }).lean<UserDoc>()),
  /** `$inc` on counters of one user (an interpreter's record). */
  increment: async (filter: Filter, inc: Record<string, number>) => (await UserModel.updateOne(filter, { $inc: inc })).matchedCount === 1,
  /** The distinct values of a field among the users matched (an array field gives its items). */
  distinct: (field: string, filter: Filter) => UserModel.distinct(field, settled(filter)) as Promise<unknown[]>,
  /** In the order stored, not by name: for the history seed, whose random picks follow the order it reads. */
  inStoredOrder: (filter: Filter) => UserModel.find(filter).select('-passwordHash').lean<UserDoc[]>(),
};

/** The qualifications stored (those changed or added since the defaults). */
export const qualificationDocs = {
  all: () => QualificationModel.find({}).sort({ _id: 1 }).lean<QualificationDoc[]>(),
  /** Creates or replaces one; answers it. */
  put: (code: string, doc: Omit<QualificationDoc, '_id' | 'createdAt' | 'updatedAt'>) =>
    QualificationModel.findOneAndReplace({ _id: code }, { _id: code, ...doc }, { returnDocument: 'after', upsert: true, runValidators: true }).lean<QualificationDoc>(),
  /** Which database they live in: what a process keeps in memory about them is only good for that one. */
  databaseName: () => QualificationModel.db.name,
};

/**
 * A database from before regions (issue 27, item 5) gets them: each write only touches documents still
 * without one, so running it again, or in two processes at once, changes nothing more.
 */
export const regionBackfill = {
  /** Sets the region of the structures of each department; answers how many changed. */
  async structures(regionOfDepartment: (department: string) => string | undefined): Promise<number> {
    const departments = (await StructureModel.distinct('department', { region: { $exists: false } })) as string[];
    let changed = 0;
    for (const department of departments) {
      const region = regionOfDepartment(department);
      if (region) changed += (await StructureModel.updateMany({ department, region: { $exists: false } }, { $set: { region } })).modifiedCount;
    }
    return changed;
  },
  /** Gives the auditors without a region this one. */
  async auditors(region: string): Promise<number> {
    return (await UserModel.updateMany({ role: 'auditor', region: { $exists: false } }, { $set: { region } })).modifiedCount;
  },
};

/**
 * A CSV import in two steps, all or nothing even if the process dies in between (the engine has no
 * multi-document transactions): `stage` writes every row marked `pendingImport`, inactive, which every
 * read above leaves out; `activate` makes them all visible and active in ONE updateMany; a stage that
 * never got activated (an error half-way, a crash) is removed by `discard`.
 */
export const imports = {
  /** Writes the rows staged (in order); answers their ids. */
  async stage(collection: 'structures' | 'users', importId: string, rows: Filter[]): Promise<string[]> {
    const model = (collection === 'structures' ? StructureModel : UserModel) as mongoose.Model<unknown>;
    const docs = await model.insertMany(rows.map((row) => ({ ...row, active: false, pendingImport: importId })), { ordered: true });
    return docs.map((doc) => String((doc as { _id: Types.ObjectId })._id));
  },
  async activate(collection: 'structures' | 'users', importId: string): Promise<number> {
    const model = (collection === 'structures' ? StructureModel : UserModel) as mongoose.Model<unknown>;
    return (await model.updateMany({ pendingImport: importId }, { $set: { active: true }, $unset: { pendingImport: 1 } })).modifiedCount;
  },
  /** Removes the staged rows of one import, or of every import staged before `before`. */
  async discard(which: { importId: string } | { before: Date }): Promise<number> {
    const filter = 'importId' in which ? { pendingImport: which.importId } : { pendingImport: { $exists: true }, createdAt: { $lt: which.before } };
    const [s, u] = await Promise.all([StructureModel.deleteMany(filter), UserModel.deleteMany(filter)]);
    return s.deletedCount + u.deletedCount;
  },
};
