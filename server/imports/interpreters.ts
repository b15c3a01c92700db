import { SPECIALTIES, type Modality } from '../../shared/enums';
import { interpreterCreateBody, type InterpreterCreateBody } from '../../shared/schemas/directory';
import { sendInvitation, type InvitationContext } from '../accounts/invitations';
import { activeAgencies } from '../directory/agencies';
import { importableInterpreter } from '../directory/interpreters';
import { findLanguage, searchLanguages } from '../directory/languages';
import { announceProfileChanged } from '../directory/profile-changes';
import { listQualifications, type Qualification } from '../directory/qualifications';
import { activateStaged, discardStaged, stageInterpreters } from '../directory/staging';
import { normaliseEmail, takenEmails } from '../directory/users';
import { foldKey, readCsv, type Column } from './csv';
import { departmentCell, listCell, schemaErrors } from './messages';
import { flagRepeats, newImportId, refusal, reportOf, type ImportReport, type RowReport } from './report';
import { foldAccents } from '../../shared/fold';

// Interpreters from a CSV file: nom;prénom;email;téléphone;agence;langues;modalités;départements;
// spécialités;genre, and optionally qualifications and the base commune (INSEE code, issue 28). Each is invited by mail once the whole file is in.

export const INTERPRETER_COLUMNS = [
  { key: 'lastName', label: 'nom', aliases: ['nom', 'nomdefamille', 'lastname'], required: true },
  { key: 'firstName', label: 'prénom', aliases: ['prenom', 'firstname'], required: false },
  { key: 'email', label: 'email', aliases: ['email', 'mail', 'courriel', 'adresseemail', 'adressemail'], required: true },
  { key: 'phone', label: 'téléphone', aliases: ['telephone', 'tel', 'portable', 'phone'], required: false },
  { key: 'agency', label: 'agence', aliases: ['agence', 'agency'], required: true },
  { key: 'languages', label: 'langues', aliases: ['langues', 'langue', 'languages'], required: true },
  { key: 'modalities', label: 'modalités', aliases: ['modalites', 'modalite', 'modalities'], required: true },
  { key: 'departments', label: 'départements', aliases: ['departements', 'departement', 'departments'], required: false },
  { key: 'specialties', label: 'spécialités', aliases: ['specialites', 'specialite', 'specialties'], required: false },
  { key: 'gender', label: 'genre', aliases: ['genre', 'sexe', 'gender'], required: true },
  { key: 'qualifications', label: 'qualifications', aliases: ['qualifications', 'qualification', 'formations', 'diplomes'], required: false },
  { key: 'baseCommune', label: 'commune de base', aliases: ['communedebase', 'basecommune', 'codeinsee', 'insee', 'communeinsee'], required: false },
] as const satisfies ReadonlyArray<Column<string>>;
type Key = (typeof INTERPRETER_COLUMNS)[number]['key'];
type Values = Record<Key, string>;
const LABELS = Object.fromEntries(INTERPRETER_COLUMNS.map((c) => [c.key, c.label])) as Record<Key, string>;
const FIELD_COLUMNS = { ...LABELS, name: LABELS.lastName, agencyId: LABELS.agency };

const MODALITY_NAMES: Record<string, Modality> = {
  telephone: 'phone', tel: 'phone', phone: 'phone',
  visio: 'video', visioconference: 'video', video: 'video',
  surplace: 'onsite', presentiel: 'onsite', onsite: 'onsite', physique: 'onsite',
};
const GENDER_NAMES: Record<string, 'female' | 'male'> = {
  f: 'female', femme: 'female', feminin: 'female', female: 'female',
  h: 'male', m: 'male', homme: 'male', masculin: 'male', male: 'male',
};
const SPECIALTY_NAMES = new Map<string, string>(SPECIALTIES.flatMap((s) => [[foldKey(s.code), s.code], [foldKey(s.name), s.code]]));

/** What importableInterpreter refuses, said for the file. */
const PROBLEM_MESSAGES: Record<string, string> = {
  before_obtained: 'qualifications : une fin de validité avant la date d’obtention.',
  duplicate: 'qualifications : la même qualification deux fois ; gardez ses dates les plus récentes.',
};

const HINTS = {
  email: 'email : adresse e-mail invalide.',
  phone: 'téléphone : un numéro de téléphone (chiffres, espaces, points, + au début).',
  departments: 'départements : des numéros de département séparés par des virgules (69, 38, 2A…).',
  name: 'nom : 120 caractères au plus.',
  baseCommune: 'commune de base : le code INSEE de la commune (5 caractères : 69123 pour Lyon, 2A004 pour Ajaccio).',
};

/** A language given as its ISO 639-3 code or one of its French names ("arabe", "darija"; accents optional): the code, or undefined. */
function languageCode(text: string): string | undefined {
  if (/^[a-z]{3}$/i.test(text) && findLanguage(text.toLowerCase())) return text.toLowerCase();
  const best = searchLanguages(text, 1)[0];
  const wanted = foldAccents(text).trim();
  const named = (name: string) => foldKey(name) === foldKey(text) || foldAccents(name).split(/[^a-z]+/).includes(wanted);
  return best && [best.name, ...best.otherNames].some(named) ? best.code : undefined;
}

const DAY = /(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4})-(\d{2})-(\d{2})/g;
const pad = (n: string) => n.padStart(2, '0');

/** A qualification named by its code or its French name, whole or in part ("santé mentale", "LSF"): its code, or undefined. */
function qualificationCode(text: string, catalogue: readonly Qualification[]): string | undefined {
  const wanted = foldKey(text);
  if (wanted.length < 3) return undefined;
  const found = catalogue.filter((q) => foldKey(q.code) === wanted || foldKey(q.name).includes(wanted) || foldKey(q.description ?? '').includes(wanted));
  return found.length === 1 ? found[0]!.code : found.find((q) => foldKey(q.name) === wanted || foldKey(q.code) === wanted)?.code;
}

/**
 * The qualifications cell: items separated by commas, each a qualification and the day it was obtained,
 * then, if it expires, the last day it is valid ("santé mentale 04/03/2024 au 03/03/2027, LSF 2015-09-01");
 * days as JJ/MM/AAAA or AAAA-MM-JJ. An error for each item it cannot read.
 */
function readQualifications(cell: string, catalogue: readonly Qualification[], errors: RowReport<unknown>['errors']): InterpreterCreateBody['qualifications'] {
  const column = LABELS.qualifications;
  return cell.split(/\s*[,|]\s*/).filter(Boolean).flatMap((item) => {
    const days = [...item.matchAll(DAY)].map((m) => (m[3] ? `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}` : `${m[4]}-${m[5]}-${m[6]}`));
    const name = item.slice(0, item.search(DAY) < 0 ? item.length : item.search(DAY)).trim();
    const code = qualificationCode(name, catalogue);
    if (!code) {
      errors.push({ column, message: `${column} : « ${name || item} » inconnue ; attendu l’une de : ${catalogue.map((q) => q.name).join(', ')}.` });
      return [];
    }
    if (days.length === 0 || days.length > 2) {
      errors.push({ column, message: `${column} : « ${item} » : la date d’obtention (JJ/MM/AAAA), puis la fin de validité s’il y en a une.` });
      return [];
    }
    return [{ code, obtainedOn: days[0]!, ...(days[1] ? { validUntil: days[1] } : {}) }];
  });
}

/** Reads one list cell with `read`, an error for each value it does not know. */
function readList<T>(cell: string, read: (value: string) => T | undefined, column: string, expected: string, errors: RowReport<unknown>['errors']): T[] {
  const found: T[] = [];
  for (const value of listCell(cell)) {
    const known = read(value);
    if (known === undefined) errors.push({ column, message: `${column} : « ${value} » inconnu${expected}.` });
    else if (!found.includes(known)) found.push(known);
  }
  return found;
}

function bodyOf(values: Values, agencies: Map<string, string>, catalogue: readonly Qualification[], errors: RowReport<unknown>['errors']): InterpreterCreateBody {
  const agencyId = agencies.get(foldKey(values.agency));
  if (values.agency && !agencyId) errors.push({ column: LABELS.agency, message: `agence : « ${values.agency} » n’est pas une agence active (${[...agencies.keys()].length} agences connues : voir Agences).` });
  const gender = GENDER_NAMES[foldKey(values.gender)];
  if (values.gender && !gender) errors.push({ column: LABELS.gender, message: `genre : « ${values.gender} » inconnu ; attendu F ou H.` });
  const name = [values.firstName, values.lastName].filter(Boolean).join(' ');
  // An empty cell is a missing field: "obligatoire", not "format invalide".
  return {
    ...(values.email ? { email: normaliseEmail(values.email) } : {}),
    ...(name ? { name } : {}),
    ...(agencyId ? { agencyId } : {}),
    ...(values.gender ? { gender: gender ?? values.gender } : {}),
    languages: readList(values.languages, languageCode, LABELS.languages, ' : écrivez le nom français de la langue ou son code ISO 639-3 (ara, prs…)', errors),
    modalities: readList(values.modalities, (v) => MODALITY_NAMES[foldKey(v)], LABELS.modalities, ' ; attendu téléphone, visio ou sur place', errors),
    departments: listCell(values.departments).map(departmentCell),
    specialties: readList(values.specialties, (v) => SPECIALTY_NAMES.get(foldKey(v)), LABELS.specialties, ` ; attendu l’une de : ${SPECIALTIES.map((s) => s.name.toLowerCase()).join(', ')}`, errors),
    ...(values.phone ? { phone: values.phone } : {}),
    ...(values.baseCommune ? { baseCommune: values.baseCommune.trim().toUpperCase() } : {}),
    ...(values.qualifications ? { qualifications: readQualifications(values.qualifications, catalogue, errors) } : {}),
  } as InterpreterCreateBody;
}

async function checkInterpreters(csv: string, dryRun: boolean) {
  const reading = readCsv(csv, INTERPRETER_COLUMNS);
  if (!reading.ok) return { report: reportOf<InterpreterCreateBody>('interpreters', dryRun, [], reading.problems), documents: [] };
  const agencies = new Map((await activeAgencies()).map((a) => [foldKey(a.name), a.id]));
  const catalogue = await listQualifications();
  const taken = await takenEmails(reading.rows.map((r) => r.values.email));
  const documents: Array<Record<string, unknown>> = [];
  const rows = reading.rows.map(({ row, values }) => {
    const errors: RowReport<unknown>['errors'] = [];
    const body = bodyOf(values, agencies, catalogue, errors);
    const known = new Set(errors.map((e) => e.column));
    // A cell already refused above is not refused twice by the schema.
    errors.push(...schemaErrors(interpreterCreateBody, body, FIELD_COLUMNS, HINTS).filter((e) => !known.has(e.column)));
    const { problems, document } = importableInterpreter(body);
    for (const problem of problems) {
      const column = FIELD_COLUMNS[problem.field.split('.')[0] as Key] ?? problem.field;
      if (!errors.some((e) => e.column === column)) errors.push({ column, message: PROBLEM_MESSAGES[problem.code ?? ''] ?? (column === LABELS.departments ? 'départements : au moins un, pour intervenir sur place.' : `${column} : valeur refusée.`) });
    }
    if (body.email && taken.has(body.email)) errors.push({ column: LABELS.email, message: `email : un compte existe déjà avec l’adresse ${body.email}.` });
    documents.push(document);
    return { row, values: body, errors };
  });
  flagRepeats(rows, (r) => r.values.email || undefined, LABELS.email, 'email : cette adresse est');
  return { report: reportOf('interpreters', dryRun, rows), documents };
}

/**
 * As importStructures: the preview, or all or nothing; once every interpreter is in (one activation),
 * each gets an invitation mail through the outbox.
 */
export async function importInterpreters(csv: string, dryRun: boolean, invitation: InvitationContext): Promise<ImportReport<InterpreterCreateBody>> {
  const { report, documents } = await checkInterpreters(csv, dryRun);
  if (dryRun) return report;
  if (report.problems.length > 0) throw refusal(report);
  const importId = newImportId();
  let ids: string[];
  try {
    ids = await stageInterpreters(importId, documents);
    await activateStaged('users', importId);
  } catch (error) {
    await discardStaged(importId);
    throw error;
  }
  report.created = ids.map((id, index) => ({ id, name: report.rows[index]!.values.name }));
  report.counts.created = ids.length;
  const now = new Date();
  for (const [index, id] of ids.entries()) {
    const { email, name } = report.rows[index]!.values;
    await sendInvitation({ id, email, name, role: 'interpreter' }, invitation);
    // Like one created by hand: the requests nobody could take that they can are offered to them.
    await announceProfileChanged(id, now);
  }
  return report;
}
