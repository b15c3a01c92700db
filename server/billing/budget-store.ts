import mongoose, { Schema } from 'mongoose';
import { insertOnce, updateVersioned } from '../platform/writes';

// Each year's budget, one document a year (`_id` the year): the regional envelope and the structures'
// allocations. The only file that touches its model.

export interface BudgetDoc {
  _id: string;
  version: number;
  envelopeCents: number | null;
  allocations: Record<string, number>;
}

const budgetSchema = new Schema<BudgetDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    envelopeCents: { type: Number, default: null },
    allocations: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);

const BudgetModel = mongoose.model<BudgetDoc>('Budget', budgetSchema, 'budgets');

export const budgets = {
  findOne: (year: number) => BudgetModel.findById(String(year)).lean<BudgetDoc>(),
  /**
   * Sets what `decide` makes of the year's budget as it is (created empty first), as one versioned
   * update; `decide` answers null when there is nothing to change. Returns the budget as changed, null
   * when nothing changed or it is gone.
   */
  async change(year: number, decide: (doc: BudgetDoc) => Partial<BudgetDoc> | null): Promise<BudgetDoc | null> {
    await insertOnce(BudgetModel, { _id: String(year), version: 0, envelopeCents: null, allocations: {} });
    return updateVersioned<BudgetDoc>(BudgetModel, String(year), (doc) => {
      const set = decide(doc);
      return set && { $set: set };
    });
  },
};
