import { MODALITY_LABELS, type Modality } from '../../shared/enums';
import { ADJUSTMENT_REASON_LABELS, STATEMENT_STATUS_LABELS, verificationLabel } from '../../shared/statements';
import { findLanguage } from '../directory/languages';
import type { Actor } from '../platform/actor';
import { euros, toCsv, type Separator } from '../platform/csv';
import { monthLabel } from '../platform/reports';
import { getStatement } from './statements';

// GET /api/statements/:id/lines.csv: the lines an auditor checks, as a spreadsheet. The session's lines
// first, then the adjustments (naming the month they correct), then the statement's totals.

const HEADER = ['Type', 'Date', 'Identifiant de la demande', 'Structure', 'Langue', 'Modalité', 'Minutes facturées', 'Montant (€)', 'Vérification', 'Mois corrigé'];

/** The statement's lines as CSV, with its file name; read with the statement's own access rules (404 not the caller's). */
export async function statementCsv(actor: Actor, id: string, separator?: Separator): Promise<{ filename: string; csv: string }> {
  const statement = await getStatement(actor, id);
  const common = (line: { date: string; requestId: string; structureId: string; language: string; modality: string; billedMinutes: number; costCents: number }) => [
    line.date, line.requestId, statement.structureNames[line.structureId] ?? line.structureId, findLanguage(line.language)?.name ?? line.language,
    MODALITY_LABELS[line.modality as Modality] ?? line.modality, line.billedMinutes, euros(line.costCents),
  ];
  const { totals } = statement;
  const rows = [
    ...statement.lines.map((line) => ['Séance', ...common(line), verificationLabel(line.verification), '']),
    ...statement.adjustments.map((a) => [`Régularisation : ${ADJUSTMENT_REASON_LABELS[a.reason] ?? a.reason}`, ...common(a), '', monthLabel(a.corrects)]),
    ['Total du mois', '', '', '', '', '', totals.minutes, euros(totals.costCents), `${STATEMENT_STATUS_LABELS[statement.status]} : ${monthLabel(statement.month)}`, ''],
    ['Régularisations', '', '', '', '', '', '', euros(totals.adjustmentsCents), '', ''],
    ['Montant en litige', '', '', '', '', '', '', euros(totals.disputedCents), '', ''],
  ];
  return { filename: `releve-${statement.month}-${statement.id}.csv`, csv: toCsv(HEADER, rows, separator) };
}
