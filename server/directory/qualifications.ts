import type { QualificationUpdateBody } from '../../shared/schemas/directory';
import { recordAudit } from '../billing/audit';
import { auditorRegion, type Actor } from '../platform/actor';
import { badRequest, type ErrorDetail } from '../platform/errors';
import { unknownLanguageCodes } from './languages';
import { qualificationDocs, type QualificationDoc } from './store';

// The qualifications catalogue: what an interpreter may hold, and for which specialties and languages
// matching requires it (HAS, "Interprétariat linguistique dans le domaine de la santé", 2017; the
// regional programmes ask for specialised interpreters in mental health and psycho-trauma first).

/** One qualification as the API shows it (`GET /api/qualifications`). */
export interface Qualification {
  code: string;
  name: string;
  description?: string | undefined;
  /** Makes the dispatchers' reasons agree with the name ("Formation … expirée", "Diplôme … expiré"). */
  grammaticalGender: 'feminine' | 'masculine';
  requiredFor: { specialties: string[]; languages: string[] };
}

/**
 * The catalogue every platform starts with; a `PUT` replaces an entry (stored, it wins over the default)
 * or adds one. The basic training is required for nothing until a region decides so: requiring it
 * everywhere would stop every interpreter entered before qualifications existed.
 */
export const DEFAULT_QUALIFICATIONS: readonly Qualification[] = [
  {
    code: 'health_interpreting',
    name: 'Formation de base à l’interprétariat en santé',
    description: 'Formation décrite par le référentiel HAS de 2017 sur l’interprétariat linguistique dans le domaine de la santé',
    grammaticalGender: 'feminine',
    requiredFor: { specialties: [], languages: [] },
  },
  {
    code: 'mental_health',
    name: 'Formation santé mentale',
    description: 'Formation à l’interprétariat en santé mentale et en psychotraumatisme',
    grammaticalGender: 'feminine',
    requiredFor: { specialties: ['mental_health', 'psycho_trauma'], languages: [] },
  },
  {
    code: 'fsl_state_diploma',
    name: 'Diplôme d’État d’interprète en langue des signes française',
    description: 'Master d’interprète français / LSF reconnu par l’État',
    grammaticalGender: 'masculine',
    requiredFor: { specialties: [], languages: ['fsl'] },
  },
  {
    code: 'perinatal',
    name: 'Formation périnatalité',
    description: 'Formation à l’interprétariat en périnatalité (grossesse, accouchement, PMI)',
    grammaticalGender: 'feminine',
    requiredFor: { specialties: ['perinatal'], languages: [] },
  },
];

const view = (doc: QualificationDoc): Qualification => ({
  code: doc._id,
  name: doc.name,
  description: doc.description ?? undefined,
  grammaticalGender: doc.grammaticalGender ?? 'feminine',
  requiredFor: { specialties: doc.requiredFor?.specialties ?? [], languages: doc.requiredFor?.languages ?? [] },
});

/** The catalogue, by code: the defaults, each replaced by its stored version, and the ones added. */
export async function listQualifications(): Promise<Qualification[]> {
  const key = qualificationDocs.databaseName();
  const hit = catalogueRead.get(key);
  if (hit && Date.now() - hit.at < CATALOGUE_KEPT_MS) return hit.catalogue;
  const byCode = new Map(DEFAULT_QUALIFICATIONS.map((q) => [q.code, q]));
  for (const doc of await qualificationDocs.all()) byCode.set(doc._id, view(doc));
  const catalogue = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  catalogueRead.set(key, { at: Date.now(), catalogue });
  return catalogue;
}

// The catalogue changes a few times a year and every booking and wave reads it: kept a few seconds per
// process (as the tariffs are), dropped at once by a change made here. Another process reads a change at
// most that late; an interpreter offered a session in those seconds is checked again at acceptance.
const CATALOGUE_KEPT_MS = 10_000;
const catalogueRead = new Map<string, { at: number; catalogue: Qualification[] }>();

/**
 * Creates or replaces one qualification (admins, auditors), and writes the change to the audit trail
 * (entity `qualification`, with the auditor's region). Errors: 400 `invalid_code` for a code that is not
 * lower-case letters, digits and underscores, 400 `unknown_language` for a language of `requiredFor`.
 */
export async function putQualification(actor: Actor, code: string, body: QualificationUpdateBody, now = new Date()): Promise<Qualification> {
  const details: ErrorDetail[] = [];
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(code)) details.push({ field: 'code', code: 'invalid_code', message: 'a qualification code is 2 to 40 lower-case letters, digits or underscores' });
  for (const language of unknownLanguageCodes(body.requiredFor.languages)) {
    details.push({ field: `requiredFor.languages.${body.requiredFor.languages.indexOf(language)}`, code: 'unknown_language', message: `"${language}" is not an ISO 639-3 living language` });
  }
  if (details.length) throw badRequest('The qualification is invalid.', details);
  const before = (await listQualifications()).find((q) => q.code === code) ?? null;
  catalogueRead.delete(qualificationDocs.databaseName());
  const after = view(await qualificationDocs.put(code, {
    name: body.name,
    description: body.description,
    grammaticalGender: body.grammaticalGender ?? 'feminine',
    requiredFor: { specialties: [...body.requiredFor.specialties], languages: [...body.requiredFor.languages] },
  }));
  catalogueRead.delete(qualificationDocs.databaseName());
  const region = actor.role === 'auditor' ? auditorRegion(actor) : undefined;
  await recordAudit(actor, { id: `qualification:${code}:${now.toISOString()}`, entity: 'qualification', entityId: code, region, before, after }, now);
  return after;
}

/** The qualifications of `catalogue` a request of this specialty and language requires (matching reads their codes, reasons their names). */
export const requiredAmong = (catalogue: readonly Qualification[], specialty: string | null | undefined, language: string): Qualification[] =>
  catalogue.filter((q) => (specialty != null && q.requiredFor.specialties.includes(specialty)) || q.requiredFor.languages.includes(language));

/** The same, read from the catalogue. */
export async function qualificationsRequiredFor(specialty: string | null | undefined, language: string): Promise<Qualification[]> {
  return requiredAmong(await listQualifications(), specialty, language);
}

/** A detail of a 400 for each code of a profile's qualifications the catalogue does not hold. */
export async function unknownQualifications(held: ReadonlyArray<{ code: string }> | undefined): Promise<ErrorDetail[]> {
  if (!held?.length) return [];
  const known = new Set((await listQualifications()).map((q) => q.code));
  return held.flatMap((q, i) => (known.has(q.code) ? [] : [{ field: `qualifications.${i}.code`, code: 'unknown_qualification', message: `"${q.code}" is not in the qualifications catalogue (GET /api/qualifications)` }]));
}
