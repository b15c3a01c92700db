import mongoose, { Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/writes';

// Monthly statements per agency and region: the only file that touches their model.

import { STATEMENT_STATUSES, type Adjustment, type StatementLine, type StatementStatus, type StatementTotals } from '../../shared/statements';

export { STATEMENT_STATUSES, type Adjustment, type SessionFigures, type StatementLine, type StatementStatus, type StatementTotals } from '../../shared/statements';
/** Statuses whose figures are frozen: what was submitted is what the auditor approves. */
export const FROZEN: readonly StatementStatus[] = ['submitted', 'approved'];

/** A statement's figures: computed on each read while open, stored once at submission. */
export interface StatementFigures {
  /** The month's usage roll-up version the lines were read at: a later version means entries came since. */
  ledgerVersion: number;
  /** The ledger keys the lines add up: an entry of the month not among them came after. */
  entryKeys: string[];
  /** Requests whose cost is held apart as disputed. */
  heldRequestIds: string[];
  lines: StatementLine[];
  adjustments: Adjustment[];
  totals: StatementTotals;
}

export interface StatementDoc {
  _id: Types.ObjectId;
  agencyId: string;
  /** The region (INSEE code) whose ARS pays it: the region of the structures its lines serve. */
  region: string;
  /** 'YYYY-MM', the region's calendar month. */
  month: string;
  status: StatementStatus;
  /** Bumped by every transition: names the transition in the audit trail. */
  version: number;
  createdAt: Date;
  /** Present while submitted or approved. */
  figures?: StatementFigures | null;
  submittedAt?: Date | null;
  submittedBy?: string | null;
  decidedAt?: Date | null;
  decidedBy?: string | null;
  rejection?: { reason: string } | null;
}

const statementSchema = new Schema(
  {
    agencyId: { type: String, required: true },
    region: { type: String, required: true },
    month: { type: String, required: true },
    status: { type: String, required: true, enum: STATEMENT_STATUSES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    figures: { type: Schema.Types.Mixed, default: null },
    submittedAt: Date,
    submittedBy: String,
    decidedAt: Date,
    decidedBy: String,
    rejection: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false },
);
// One statement per agency, region and month; an agency's months in order; an auditor's month.
statementSchema.index({ agencyId: 1, region: 1, month: 1 }, { unique: true });
statementSchema.index({ region: 1, month: 1 });

const StatementModel = mongoose.model<StatementDoc>('Statement', statementSchema, 'statements');

/** A frozen statement's small fields, for finding what later statements adjust. */
export type FrozenSummary = Pick<StatementDoc, '_id' | 'month' | 'status'> & { figures: Pick<StatementFigures, 'ledgerVersion' | 'heldRequestIds' | 'adjustments'> };

export const statements = {
  /** The statement of an agency, region and month, created as a draft the first time it is asked for. */
  async materialise(agencyId: string, region: string, month: string, now: Date): Promise<StatementDoc> {
    const filter = { agencyId, region, month };
    const upsert = () => StatementModel.findOneAndUpdate(filter, { $setOnInsert: { status: 'draft', version: 0, createdAt: now, figures: null } }, { upsert: true, new: true }).lean<StatementDoc>();
    try {
      return (await upsert())!;
    } catch (error) {
      // Two first reads at once: one inserted, the other finds it.
      if (!isDuplicateKey(error)) throw error;
      return (await StatementModel.findOne(filter).lean<StatementDoc>())!;
    }
  },
  byId: (id: string) => StatementModel.findById(id).lean<StatementDoc>(),
  /** The statements of an agency's month, every region. */
  ofAgencyMonth: (agencyId: string, month: string) => StatementModel.find({ agencyId, month }).lean<StatementDoc[]>(),
  /** The frozen statements of an agency in a region before `month`, latest first, without their lines. */
  frozenBefore: (agencyId: string, region: string, month: string) =>
    StatementModel.find({ agencyId, region, month: { $lt: month }, status: { $in: [...FROZEN] } })
      .select({ month: 1, status: 1, 'figures.ledgerVersion': 1, 'figures.heldRequestIds': 1, 'figures.adjustments': 1 })
      .sort({ month: -1 })
      .lean<FrozenSummary[]>(),
  /** The frozen statements of a region's year, every agency: their status and totals only. */
  frozenInYear: (region: string, year: number) =>
    StatementModel.find({ region, month: { $gte: `${year}-01`, $lte: `${year}-12` }, status: { $in: [...FROZEN] } })
      .select({ status: 1, 'figures.totals': 1 })
      .lean<Array<Pick<StatementDoc, '_id' | 'status'> & { figures: Pick<StatementFigures, 'totals'> }>>(),
  /** Whole statements by id (their lines and entry keys). */
  byIds: (ids: readonly Types.ObjectId[]) => StatementModel.find({ _id: { $in: [...ids] } }).lean<StatementDoc[]>(),
  /**
   * Moves a statement from one of `from` to `to` in one conditional update, setting `set` (null fields
   * are removed); null when it was not in `from` any more (another transition won).
   */
  transition: (id: Types.ObjectId, from: readonly StatementStatus[], to: StatementStatus, set: Partial<StatementDoc>) =>
    StatementModel.findOneAndUpdate({ _id: id, status: { $in: [...from] } }, { $set: { ...set, status: to }, $inc: { version: 1 } }, { new: true }).lean<StatementDoc>(),
};
