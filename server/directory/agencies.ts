import type { AgencyCreateBody, AgencyListQuery, AgencyUpdateBody } from '../../shared/schemas/directory';
import { revokeSessions } from '../auth/sessions';
import { regionByCode, regionOf, zoneOfDepartment } from '../../shared/regions';
import { auditorRegion, type Actor } from '../platform/actor';
import { badRequest, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import { textFilter } from './search';
import { agencies, type Filter } from './store';
import { agencyView } from './views';

/**
 * Dispatchers and interpreters see their own agency; auditors the agencies with a convention in their
 * region (a department of it: an agency may cover departments of several regions); admins see them all.
 */
function scope(actor: Actor): Filter {
  if (actor.role === 'admin') return {};
  if (actor.role === 'auditor') return inRegion(auditorRegion(actor));
  if ((actor.role === 'dispatcher' || actor.role === 'interpreter') && actor.agencyId) return { _id: actor.agencyId };
  throw forbidden();
}

const inRegion = (region: string): Filter => ({ departments: { $in: regionByCode(region)?.departments.map((d) => d.code) ?? [] } });

/** The ids of the agencies with a convention in a region. */
export async function regionAgencyIds(region: string): Promise<Set<string>> {
  return new Set((await agencies.find(inRegion(region))).map((doc) => doc._id.toString()));
}

export async function listAgencies(actor: Actor, query: AgencyListQuery = {}) {
  const filter: Filter = { ...scope(actor), ...textFilter(query.q, ['name', 'email']) };
  if (query.active) filter.active = query.active === 'true';
  return (await agencies.find(filter)).map(agencyView);
}

/** Active agencies by name, for an import's agency column. */
export async function activeAgencies(): Promise<Array<{ id: string; name: string }>> {
  return (await agencies.find({ active: true })).map((doc) => ({ id: doc._id.toString(), name: doc.name }));
}

export async function getAgency(actor: Actor, id: string) {
  const doc = await agencies.findOne({ $and: [scope(actor), { _id: id }] });
  if (!doc) throw notFound('Agency');
  return agencyView(doc);
}

/**
 * A French VAT number whose two-digit key does not match its SIREN: the key is (12 + 3 × (SIREN mod 97))
 * mod 97 (the tax administration's rule for intra-community numbers); keys with letters are not checked.
 * Chorus Pro and the ARS's accounting refuse an invoice whose seller VAT number is wrong.
 */
function vatIdProblems(input: { vatId?: string }): ErrorDetail[] {
  const parts = /^FR(\d{2})(\d{9})$/.exec(input.vatId ?? '');
  if (!parts) return [];
  const key = (12 + 3 * (Number(parts[2]) % 97)) % 97;
  return Number(parts[1]) === key ? [] : [{ field: 'vatId', code: 'checksum', message: `the key does not match the SIREN ${parts[2]}` }];
}

export async function createAgency(input: AgencyCreateBody) {
  const problems = vatIdProblems(input);
  if (problems.length) throw badRequest('The agency is invalid.', problems);
  placesRead = undefined;
  return agencyView(await agencies.create(input));
}

export async function updateAgency(id: string, patch: AgencyUpdateBody) {
  const problems = vatIdProblems(patch);
  if (problems.length) throw badRequest('The agency is invalid.', problems);
  placesRead = undefined;
  const doc = await agencies.update({ _id: id }, patch);
  if (!doc) throw notFound('Agency');
  if (patch.active === false) await revokeSessions({ agencyId: doc._id });
  return agencyView(doc);
}

export const deactivateAgency = (id: string) => updateAgency(id, { active: false });

/** What an agency's invoices say of it, as the seller; null for an unknown agency. */
export async function agencyAsSeller(id: string): Promise<{ name: string; siret?: string; vatId?: string; vatExemptionReason?: string } | null> {
  const doc = await agencies.findOne({ _id: id });
  return doc && { name: doc.name, siret: doc.siret ?? undefined, vatId: doc.vatId ?? undefined, vatExemptionReason: doc.vatExemptionReason ?? undefined };
}

export async function activeAgencyExists(id: string): Promise<boolean> {
  return agencies.exists({ _id: id, active: true });
}

/** How long a process keeps the agencies' places: an agency moving is rare, and the read is a whole collection. */
const PLACES_KEPT_MS = 60_000;
interface AgencyPlace {
  /** The IANA zone of its first department (shared/regions.ts; Europe/Paris on the mainland and without one). */
  zone: string;
  /** The regions (INSEE codes) where it holds a convention: those of its departments. */
  regions: string[];
  /** The region of its first department, whose zone `zone` is: its interpreters' home region. */
  home?: string | undefined;
}
let placesRead: { at: number; places: Promise<ReadonlyMap<string, AgencyPlace>> } | undefined;

/**
 * Where each agency works, for these agencies: read once a minute at most per process, and again for an
 * agency it does not know yet or after this process creates or changes an agency.
 */
async function agencyPlaces(agencyIds: Iterable<string>, now = Date.now()): Promise<ReadonlyMap<string, AgencyPlace>> {
  if (placesRead !== undefined && now - placesRead.at <= PLACES_KEPT_MS) {
    const places = await placesRead.places;
    if ([...agencyIds].every((id) => places.has(id))) return places;
  }
  const places = agencies.find({}).then((docs) => new Map<string, AgencyPlace>(docs.map((doc) => [doc._id.toString(), {
    zone: zoneOfDepartment(doc.departments[0] ?? ''),
    regions: [...new Set(doc.departments.flatMap((department) => regionOf(department)?.code ?? []))],
    home: regionOf(doc.departments[0] ?? '')?.code,
  }])));
  placesRead = { at: now, places };
  places.catch(() => (placesRead = undefined));
  return places;
}

/** The IANA zone of each of these agencies, which their interpreters' availability is written in (see AgencyPlace). */
export async function agencyZones(agencyIds: Iterable<string>): Promise<ReadonlyMap<string, string>> {
  const places = await agencyPlaces(agencyIds);
  return new Map([...places].map(([id, place]) => [id, place.zone]));
}

/** Each of these agencies' zone and home region (see AgencyPlace), as its interpreters' pages read them. */
export async function agencyHomes(agencyIds: Iterable<string>): Promise<ReadonlyMap<string, { zone: string; region?: string | undefined }>> {
  const places = await agencyPlaces(agencyIds);
  return new Map([...places].map(([id, place]) => [id, { zone: place.zone, region: place.home }]));
}

/** The regions where an agency holds a convention (its departments'); none for an unknown agency. */
export async function agencyRegions(agencyId: string): Promise<string[]> {
  return (await agencyPlaces([agencyId])).get(agencyId)?.regions ?? [];
}
