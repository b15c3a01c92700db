import { expect } from 'chai';
import mongoose, { Schema, Types } from 'mongoose';
import { findOneLean, matches } from '../../server/platform/lookup';
import { useTestApp } from '../support/app';

describe('Lookups by _id with the other conditions checked in memory', () => {
  useTestApp();
  const Thing = mongoose.model('LookupThing', new Schema({ owner: Schema.Types.ObjectId, tags: [Schema.Types.ObjectId], status: String, at: Date }));
  const owner = new Types.ObjectId();
  const tag = new Types.ObjectId();
  let id: Types.ObjectId;
  before(async () => {
    id = (await Thing.create({ owner, tags: [tag], status: 'open', at: new Date('2026-01-01T00:00:00Z') }))._id;
  });

  it('finds the document when every other condition holds, as findOne would', async () => {
    const filters = [
      { _id: id, owner },
      { _id: id.toString(), owner: owner.toString(), status: { $in: ['open', 'assigned'] } },
      { $and: [{ $or: [{ tags: tag }, { owner: new Types.ObjectId() }] }, { _id: id }] },
      { _id: id, at: { $gte: new Date('2025-12-31T00:00:00Z'), $lt: new Date('2026-01-02T00:00:00Z') }, status: { $ne: 'closed' } },
    ];
    for (const filter of filters) {
      expect(await findOneLean(Thing, filter), JSON.stringify(filter)).to.include({ status: 'open' });
      expect(await Thing.findOne(filter).lean(), 'the engine agrees').to.include({ status: 'open' });
    }
  });

  it('answers null when another condition fails, as findOne would', async () => {
    const filters = [
      { _id: id, owner: new Types.ObjectId() },
      { _id: id, status: { $nin: ['open'] } },
      { $and: [{ tags: new Types.ObjectId() }, { _id: id }] },
      { _id: id, at: { $lt: new Date('2025-01-01T00:00:00Z') } },
    ];
    for (const filter of filters) {
      expect(await findOneLean(Thing, filter), JSON.stringify(filter)).to.equal(null);
      expect(await Thing.findOne(filter).lean(), 'the engine agrees').to.equal(null);
    }
  });

  it('treats a missing field as null, like MongoDB', () => {
    expect(matches({ a: 1 }, { b: null })).to.equal(true);
    expect(matches({ a: 1 }, { a: null })).to.equal(false);
  });
});
