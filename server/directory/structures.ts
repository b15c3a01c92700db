import type { StructureCreateBody, StructureListQuery, StructureUpdateBody } from '../../shared/schemas/directory';
import { revokeSessions } from '../auth/sessions';
import { auditorRegion, type Actor } from '../platform/actor';
import { conflict, forbidden, notFound } from '../platform/errors';
import { textFilter } from './search';
import { regionBackfill, structures, type Filter, type StructureDoc } from './store';
import { structureView } from './views';
import { foldKey } from '../../shared/fold';
import { PARIS_ZONE } from '../../shared/paris-time';
import { regionOf, zoneOfStructure } from '../../shared/regions';

/** Requesters see their own structure only; auditors those of their region; national auditors and admins them all. */
function scope(actor: Actor): Filter {
  if (actor.role === 'admin' || actor.role === 'national_auditor') return {};
  if (actor.role === 'auditor') return { region: auditorRegion(actor) };
  if (actor.role === 'requester' && actor.structureId) return { _id: actor.structureId };
  throw forbidden();
}

export async function listStructures(actor: Actor, query: StructureListQuery) {
  const filter: Filter = { ...scope(actor), ...textFilter(query.q, ['name', 'city', 'finess']) };
  if (query.type) filter.type = query.type;
  if (query.department) filter.department = query.department;
  if (query.active) filter.active = query.active === 'true';
  return (await structures.find(filter, query)).map(structureView);
}

export async function getStructure(actor: Actor, id: string) {
  const doc = await structures.findOne({ $and: [scope(actor), { _id: id }] });
  if (!doc) throw notFound('Structure');
  return structureView(doc);
}

async function assertFinessFree(finess: string | undefined, exceptId?: string) {
  if (!finess) return;
  const filter: Filter = { finess, ...(exceptId ? { _id: { $ne: exceptId } } : {}) };
  if (await structures.exists(filter)) throw conflict('duplicate', 'Another structure has this FINESS number.');
}

/** The same name (accents, case and punctuation aside) in the same department is the same structure: 409, as the CSV import says. */
async function assertNameFree(name: string | undefined, department: string | undefined, exceptId?: string) {
  if (!name || !department) return;
  const sameDepartment = await structures.find({ department, ...(exceptId ? { _id: { $ne: exceptId } } : {}) });
  if (sameDepartment.some((doc) => foldKey(doc.name) === foldKey(name))) throw conflict('duplicate_name', `A structure named like this already exists in department ${department}.`);
}

export async function createStructure(input: StructureCreateBody) {
  await assertFinessFree(input.finess);
  await assertNameFree(input.name, input.department);
  summaries = undefined;
  return structureView(await structures.create({ ...input, region: regionCode(input.department) }));
}

export async function updateStructure(id: string, patch: StructureUpdateBody) {
  await assertFinessFree(patch.finess, id);
  if (patch.name !== undefined || patch.department !== undefined) {
    const current = await structures.findOne({ _id: id });
    if (current) await assertNameFree(patch.name ?? current.name, patch.department ?? current.department, id);
  }
  // A department in another region moves the structure there, with its reports.
  const doc = await structures.update({ _id: id }, patch.department === undefined ? patch : { ...patch, region: regionCode(patch.department) });
  summaries = undefined;
  if (!doc) throw notFound('Structure');
  if (patch.active === false) await revokeSessions({ structureId: doc._id });
  return structureView(doc);
}

/** The region a department belongs to; the schemas' department pattern admits departments only. */
export function regionCode(department: string): string {
  const region = regionOf(department);
  if (!region) throw new Error(`department ${department} is in no region`);
  return region.code;
}

/** Start-up's migration to regions: structures without one get their department's (regionBackfill says how). */
export async function backfillStructureRegions(regionOfDepartment: (department: string) => string | undefined): Promise<number> {
  const changed = await regionBackfill.structures(regionOfDepartment);
  if (changed > 0) summaries = undefined;
  return changed;
}

/** Nothing is deleted that usage points to: a structure is only ever deactivated. */
export const deactivateStructure = (id: string) => updateStructure(id, { active: false });

/** What an import checks a new structure against: the FINESS numbers taken, and each structure's name and department. */
export async function existingStructureKeys(): Promise<{ finess: Set<string>; names: Array<{ name: string; department: string }> }> {
  const all = await structures.find({});
  return { finess: new Set(all.flatMap((doc) => (doc.finess ? [doc.finess] : []))), names: all.map((doc) => ({ name: doc.name, department: doc.department })) };
}

export async function activeStructureExists(id: string): Promise<boolean> {
  return structures.exists({ _id: id, active: true });
}

export interface StructureSummary {
  id: string;
  name: string;
  type: string;
  department: string;
  region: string;
  /** The town as people name it (absent when not given): where on-site travel is billed to. */
  city?: string;
}

const summaryOf = (doc: StructureDoc): StructureSummary => ({ id: doc._id.toString(), name: doc.name, type: doc.type, department: doc.department, region: doc.region ?? '', ...(doc.city ? { city: doc.city } : {}) });

/**
 * Every structure, active or not, as billing and reports name and group them. Read on every report, so
 * kept a few seconds: forgotten at once after a change made by this process, after SUMMARY_TTL_MS
 * for a change made by another.
 */
export async function structureSummaries(now = Date.now()): Promise<StructureSummary[]> {
  if (summaries && now - summaries.at < SUMMARY_TTL_MS) return summaries.list;
  const list = (await structures.find({})).map(summaryOf);
  summaries = { at: now, list };
  return list;
}

const SUMMARY_TTL_MS = 10_000;
let summaries: { at: number; list: StructureSummary[] } | undefined;

/** After structures were written elsewhere in this process (an import). */
export function forgetStructureSummaries(): void {
  summaries = undefined;
}

export async function structureSummary(id: string): Promise<StructureSummary | undefined> {
  const doc = await structures.findOne({ _id: id });
  return doc ? summaryOf(doc) : undefined;
}

/** The ids of a region's structures, active or not: what an auditor's requests are read through. */
export async function regionStructureIds(region: string): Promise<string[]> {
  return (await structureSummaries()).filter((s) => s.region === region).map((s) => s.id);
}

/** The zone a structure lives in, its region's (shared/regions.ts); Paris without a structure (an interpreter, a dispatcher). */
export async function structureTimeZone(id: string | undefined): Promise<string> {
  const structure = id ? await structureSummary(id) : undefined;
  return structure ? zoneOfStructure(structure) : PARIS_ZONE;
}
