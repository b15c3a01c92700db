import mongoose, { Schema } from 'mongoose';
import type { InvoiceBuyer } from '../../shared/schemas/billing';
import { insertOnce, updateVersioned } from '../platform/writes';

// Each region's budget of a year, one document (`_id` "<region>:<year>", '84:2026'): the regional
// envelope and the structures' allocations. The only file that touches its model.

export interface BudgetDoc {
  _id: string;
  region: string;
  year: number;
  version: number;
  envelopeCents: number | null;
  allocations: Record<string, number>;
  /** The ARS as the buyer on the agencies' invoices of that year. */
  buyer?: InvoiceBuyer | null;
  /** The `_id` of the budget from before regions this one was copied from (start-up's migration). */
  migratedFrom?: string;
}

const budgetSchema = new Schema<BudgetDoc>(
  {
    _id: { type: String, required: true },
    region: { type: String, required: true },
    year: { type: Number, required: true },
    version: { type: Number, required: true, default: 0 },
    envelopeCents: { type: Number, default: null },
    allocations: { type: Schema.Types.Mixed, default: {} },
    // No field until an auditor names the buyer: a budget of before statements (or migrated) keeps its shape.
    buyer: { type: Schema.Types.Mixed },
    migratedFrom: { type: String },
  },
  { versionKey: false, minimize: false },
);
// The national view: every region's budget of a year.
budgetSchema.index({ year: 1, region: 1 });

const BudgetModel = mongoose.model<BudgetDoc>('Budget', budgetSchema, 'budgets');

const idOf = (region: string, year: number) => `${region}:${year}`;

export const budgets = {
  findOne: (region: string, year: number) => BudgetModel.findById(idOf(region, year)).lean<BudgetDoc>(),
  /** Every region's budget of the year that has one. */
  ofYear: (year: number) => BudgetModel.find({ year, region: { $exists: true } }).lean<BudgetDoc[]>(),
  /**
   * Sets what `decide` makes of the region's budget of the year as it is (created empty first), as one
   * versioned update; `decide` answers null when there is nothing to change. Returns the budget as
   * changed, null when nothing changed or it is gone.
   */
  async change(region: string, year: number, decide: (doc: BudgetDoc) => Partial<BudgetDoc> | null): Promise<BudgetDoc | null> {
    await insertOnce(BudgetModel, { _id: idOf(region, year), region, year, version: 0, envelopeCents: null, allocations: {} });
    return updateVersioned<BudgetDoc>(BudgetModel, idOf(region, year), (doc) => {
      const set = decide(doc);
      return set && { $set: set };
    });
  },
  /**
   * A database from before regions kept one budget a year under `_id` the year: each becomes `region`'s,
   * copied under its new id (noting where from) then removed. Copying is an insert of a unique id and
   * removing is by the old one, so a second run, or a second process, changes nothing more. A budget
   * already written under the new id by anything else (a seed run on the old database) is never
   * overwritten, and the old one is then kept for a person to reconcile. Answers how many were moved.
   */
  async backfillRegion(region: string): Promise<number> {
    const legacy = await BudgetModel.collection.find({ region: { $exists: false } }).toArray();
    let moved = 0;
    for (const doc of legacy) {
      const year = Number(doc._id);
      if (!Number.isInteger(year)) continue;
      const { _id, ...rest } = doc;
      await insertOnce(BudgetModel, { ...rest, _id: idOf(region, year), region, year, migratedFrom: String(_id) });
      const copy = await BudgetModel.findById(idOf(region, year)).lean<BudgetDoc>();
      if (copy?.migratedFrom !== String(_id)) continue;
      moved += (await BudgetModel.collection.deleteOne({ _id, region: { $exists: false } })).deletedCount;
    }
    return moved;
  },
};
