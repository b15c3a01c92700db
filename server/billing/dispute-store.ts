import mongoose, { Schema } from 'mongoose';

// Sessions whose structure disputes what was recorded: the only file that touches their model. One
// document per request, open until the dispute is settled, so that the usage report can show what is
// still contested and the funder pays what is confirmed.

const disputeSchema = new Schema({
  /** The request's id: one dispute per session, opened again if disputed again. */
  _id: { type: String, required: true },
  /** YYYY-MM of the session in Paris, as the ledger files it. */
  month: { type: String, required: true },
  structureId: { type: String, required: true },
  /** The interpreter's agency (absent on disputes opened before statements). */
  agencyId: { type: String },
  language: { type: String, required: true },
  modality: { type: String, required: true },
  /** What the session was billed when it was disputed. */
  costCents: { type: Number, required: true },
  open: { type: Boolean, required: true },
  openedAt: { type: Date, required: true },
  closedAt: { type: Date, default: null },
});
disputeSchema.index({ month: 1, open: 1 });

export interface DisputeDoc {
  _id: string;
  month: string;
  structureId: string;
  agencyId?: string | undefined;
  language: string;
  modality: string;
  costCents: number;
  open: boolean;
  openedAt: Date;
  closedAt: Date | null;
}

const DisputeModel = mongoose.model<DisputeDoc>('Dispute', disputeSchema, 'disputes');

export const disputes = {
  /** Opens (or opens again) the dispute of a request; writing it twice leaves one open document. */
  open: (row: Omit<DisputeDoc, 'open' | 'closedAt'>) =>
    DisputeModel.updateOne({ _id: row._id }, { $set: { ...row, open: true, closedAt: null } }, { upsert: true }),
  close: (requestId: string, at: Date) => DisputeModel.updateOne({ _id: requestId, open: true }, { $set: { open: false, closedAt: at } }),
  openIn: (months: readonly string[]) => DisputeModel.find({ month: { $in: [...months] }, open: true }).lean<DisputeDoc[]>(),
  /** Which of these requests are disputed still. */
  openOf: async (requestIds: readonly string[]) =>
    new Set((await DisputeModel.find({ _id: { $in: [...requestIds] }, open: true }).select({ _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id)),
};
