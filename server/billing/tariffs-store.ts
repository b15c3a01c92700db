import mongoose, { Schema } from 'mongoose';
import { insertOnce, updateVersioned } from '../platform/writes';
import type { Tariff } from './tariff';

// Each agency's tariffs, one document per agency holding every version, read by _id: the only file
// that touches their model.

export interface AgencyTariffsDoc {
  _id: string;
  version: number;
  versions: Tariff[];
}

const agencyTariffsSchema = new Schema<AgencyTariffsDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    versions: { type: Schema.Types.Mixed, default: [] },
  },
  { versionKey: false },
);

const AgencyTariffsModel = mongoose.model<AgencyTariffsDoc>('AgencyTariffs', agencyTariffsSchema, 'tariffs');

export const agencyTariffs = {
  findOne: (agencyId: string) => AgencyTariffsModel.findById(agencyId).lean<AgencyTariffsDoc>(),
  all: () => AgencyTariffsModel.find({}).lean<AgencyTariffsDoc[]>(),
  /**
   * Replaces an agency's versions with what `decide` makes of the document as it is (created empty
   * first), as one versioned update. Returns the document as changed, null when it is gone.
   */
  async change(agencyId: string, decide: (doc: AgencyTariffsDoc) => Tariff[]): Promise<AgencyTariffsDoc | null> {
    await insertOnce(AgencyTariffsModel, { _id: agencyId, version: 0, versions: [] });
    return updateVersioned<AgencyTariffsDoc>(AgencyTariffsModel, agencyId, (doc) => ({ $set: { versions: decide(doc) } }));
  },
  /** Which database the tariffs live in: what a process keeps in memory about them is only good for that one. */
  databaseName: () => AgencyTariffsModel.db.name,
};
