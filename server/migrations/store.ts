import mongoose, { Schema } from 'mongoose';
import { insertOnce } from '../platform/writes';

// Which start-up migrations are done, one small document each (`_id` the migration's name): the only
// file that touches its model.

interface MigrationDoc {
  _id: string;
  doneAt: Date;
  changed: Record<string, number>;
  ms: number;
}

const migrationSchema = new Schema<MigrationDoc>(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date, required: true },
    changed: { type: Schema.Types.Mixed, default: {} },
    ms: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);

const MigrationModel = mongoose.model<MigrationDoc>('Migration', migrationSchema, 'migrations');

export const migrations = {
  isDone: async (name: string) => (await MigrationModel.exists({ _id: name })) !== null,
  /** Marks a migration done; of two processes that ran it together, the first to finish writes the marker. */
  markDone: (name: string, changed: Record<string, number>, ms: number, now = new Date()) => insertOnce(MigrationModel, { _id: name, doneAt: now, changed, ms }),
};
