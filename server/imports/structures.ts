import { STRUCTURE_TYPE_LABELS, STRUCTURE_TYPES, type StructureType } from '../../shared/enums';
import { structureCreateBody, type StructureCreateBody } from '../../shared/schemas/directory';
import { existingStructureKeys } from '../directory/structures';
import { activateStaged, discardStaged, stageStructures } from '../directory/staging';
import { foldKey, readCsv, type Column } from './csv';
import { departmentCell, schemaErrors } from './messages';
import { flagRepeats, newImportId, refusal, reportOf, type ImportReport, type RowReport } from './report';

// Structures from a CSV file: nom;type;département;commune;FINESS (commune and FINESS optional).

export const STRUCTURE_COLUMNS = [
  { key: 'name', label: 'nom', aliases: ['nom', 'name', 'structure', 'nomdelastructure', 'raisonsociale'], required: true },
  { key: 'type', label: 'type', aliases: ['type', 'typedestructure', 'categorie'], required: true },
  { key: 'department', label: 'département', aliases: ['departement', 'dept', 'dep', 'department', 'codedepartement'], required: true },
  { key: 'city', label: 'commune', aliases: ['commune', 'ville', 'city'], required: false },
  { key: 'finess', label: 'FINESS', aliases: ['finess', 'nfiness', 'nofiness', 'numerofiness'], required: false },
] as const satisfies ReadonlyArray<Column<string>>;
type Key = (typeof STRUCTURE_COLUMNS)[number]['key'];
const LABELS = Object.fromEntries(STRUCTURE_COLUMNS.map((c) => [c.key, c.label])) as Record<Key, string>;

/** A type written as its code (`PASS`, `CDS`), its French label, or the acronym in the label's parentheses. */
const TYPE_NAMES = new Map<string, StructureType>(
  STRUCTURE_TYPES.flatMap((code) => {
    const label = STRUCTURE_TYPE_LABELS[code];
    const acronym = /\(([^)]+)\)/.exec(label)?.[1];
    const plain = label.replace(/\s*\(.*$/, '');
    return [code, label, plain, ...(acronym ? [acronym] : [])].map((name) => [foldKey(name), code] as const);
  }),
);

const HINTS = {
  name: 'nom : de 2 à 160 caractères.',
  department: 'département : un numéro de département (01 à 95, 2A, 2B, 971 à 976).',
  finess: 'FINESS : 9 caractères, des chiffres (le 2ᵉ peut être A ou B pour la Corse), ou rien.',
  city: 'commune : 120 caractères au plus.',
};

export type StructureRow = RowReport<StructureCreateBody>;

/** Every row of the file checked, against the others and the structures already there. */
async function checkStructures(csv: string, dryRun: boolean): Promise<ImportReport<StructureCreateBody>> {
  const reading = readCsv(csv, STRUCTURE_COLUMNS);
  if (!reading.ok) return reportOf('structures', dryRun, [], reading.problems);
  const existing = await existingStructureKeys();
  const existingNames = new Set(existing.names.map((s) => `${foldKey(s.name)}|${s.department}`));
  const rows: StructureRow[] = reading.rows.map(({ row, values }) => {
    const type = TYPE_NAMES.get(foldKey(values.type));
    // An empty cell is a missing field: "obligatoire", not "format invalide".
    const body = Object.fromEntries(Object.entries({
      name: values.name,
      type: type ?? values.type,
      department: departmentCell(values.department),
      city: values.city,
      finess: values.finess.replace(/\s/g, '').toUpperCase(),
    }).filter(([, value]) => value !== '')) as StructureCreateBody;
    const errors = values.type && !type
      ? [{ column: LABELS.type, message: `type : « ${values.type} » inconnu ; attendu l’un de ${STRUCTURE_TYPES.join(', ')} (ou son nom en toutes lettres).` }]
      : [];
    errors.push(...schemaErrors(structureCreateBody, body, LABELS, HINTS).filter((e) => !(errors.length > 0 && e.column === LABELS.type)));
    if (body.finess && existing.finess.has(body.finess)) errors.push({ column: LABELS.finess, message: `FINESS : une structure a déjà le numéro ${body.finess}.` });
    if (body.name && existingNames.has(`${foldKey(body.name)}|${body.department}`)) errors.push({ column: LABELS.name, message: `nom : « ${body.name} » existe déjà dans le département ${body.department}.` });
    return { row, values: body, errors };
  });
  flagRepeats(rows, (r) => r.values.finess, LABELS.finess, 'FINESS : ce numéro est');
  flagRepeats(rows, (r) => (r.values.name ? `${foldKey(r.values.name)}|${r.values.department}` : undefined), LABELS.name, 'nom : la même structure du même département est');
  return reportOf('structures', dryRun, rows);
}

/**
 * `dryRun`: the preview, nothing written. Otherwise all or nothing: refused (422, the same problems)
 * if any row has an error; else every row staged, then activated at once.
 */
export async function importStructures(csv: string, dryRun: boolean): Promise<ImportReport<StructureCreateBody>> {
  const report = await checkStructures(csv, dryRun);
  if (dryRun) return report;
  if (report.problems.length > 0) throw refusal(report);
  const importId = newImportId();
  try {
    const ids = await stageStructures(importId, report.rows.map((r) => r.values));
    await activateStaged('structures', importId);
    report.created = ids.map((id, index) => ({ id, name: report.rows[index]!.values.name }));
    report.counts.created = ids.length;
    return report;
  } catch (error) {
    await discardStaged(importId);
    throw error;
  }
}
