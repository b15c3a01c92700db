import { useState } from 'preact/hooks';
import { ADJUSTMENT_REASON_LABELS, STATEMENT_STATUS_LABELS, verificationLabel } from '../../../../shared/statements';
import { Button } from '../../components/ui';
import { euros, integer, modalityLabel } from '../../format';
import { languageName } from '../../languages';
import { FramedTable } from '../auditor/table';
import { lineDate, monthLabel, payableCents, type StatementDetail, type StatementStatus } from './data';
import '../auditor/auditor.css';
import './statements.css';

// A statement as both its agency and the region read it: status, totals, lines and adjustments.

/** A month has a thousand lines and more: they show a page at a time. */
const LINES_PER_PAGE = 100;

export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  return <span class={`statement-status statement-status--${status}`} data-status={status}>{STATEMENT_STATUS_LABELS[status]}</span>;
}

export function StatementTotals({ statement: s }: { statement: StatementDetail }) {
  return (
    <dl class="ars-figures" data-testid="statement-totals">
      <div><dt>Séances</dt><dd data-testid="statement-sessions">{integer(s.totals.sessions)}</dd></div>
      <div><dt>Minutes facturées</dt><dd data-testid="statement-minutes">{integer(s.totals.minutes)}</dd></div>
      <div><dt>Montant des séances</dt><dd data-testid="statement-cost">{euros(s.totals.costCents)}</dd></div>
      <div><dt>Régularisations</dt><dd data-testid="statement-adjustments">{euros(s.totals.adjustmentsCents)}</dd></div>
      <div><dt>Montant en litige (mis de côté)</dt><dd data-testid="statement-disputed">{euros(s.totals.disputedCents)}</dd></div>
      <div><dt>À payer</dt><dd data-testid="statement-payable">{euros(payableCents(s.totals))}</dd></div>
    </dl>
  );
}

export function StatementLines({ statement: s }: { statement: StatementDetail }) {
  const [shown, setShown] = useState(LINES_PER_PAGE);
  const name = (id: string) => s.structureNames[id] ?? 'Structure inconnue';
  const month = monthLabel(s.month);
  return (
    <>
      <FramedTable caption={`Séances de ${month} (${integer(s.lines.length)})`} testId="statement-lines" tall>
        <thead>
          <tr><th scope="col">Date</th><th scope="col">Structure</th><th scope="col">Langue</th><th scope="col">Modalité</th><th scope="col" class="ars-num">Minutes facturées</th><th scope="col" class="ars-num">Montant</th><th scope="col">Vérification</th></tr>
        </thead>
        <tbody>
          {s.lines.slice(0, shown).map((line) => (
            <tr key={line.requestId} data-request-id={line.requestId}>
              <td>{lineDate(line.date)}</td>
              <td>{name(line.structureId)}</td>
              <td>{languageName(line.language)}</td>
              <td>{modalityLabel(line.modality)}</td>
              <td class="ars-num">{integer(line.billedMinutes)}</td>
              <td class="ars-num">{euros(line.costCents)}</td>
              <td>{verificationLabel(line.verification)}</td>
            </tr>
          ))}
        </tbody>
      </FramedTable>
      {shown < s.lines.length && (
        <p class="statement-more">
          {integer(shown)} séances affichées sur {integer(s.lines.length)}.{' '}
          <Button variant="secondary" onClick={() => setShown((n) => n + LINES_PER_PAGE * 5)}>Afficher plus de séances</Button>
        </p>
      )}
      {s.adjustments.length > 0 && (
        <FramedTable caption={`Régularisations de mois déjà approuvés (${integer(s.adjustments.length)})`} testId="statement-adjustment-lines" tall={false}>
          <thead>
            <tr><th scope="col">Mois corrigé</th><th scope="col">Motif</th><th scope="col">Date de la séance</th><th scope="col">Structure</th><th scope="col">Langue</th><th scope="col">Modalité</th><th scope="col" class="ars-num">Minutes</th><th scope="col" class="ars-num">Montant</th></tr>
          </thead>
          <tbody>
            {s.adjustments.map((a) => (
              <tr key={`${a.corrects}:${a.requestId}`}>
                <td>{monthLabel(a.corrects)}</td>
                <td>{ADJUSTMENT_REASON_LABELS[a.reason] ?? a.reason}</td>
                <td>{lineDate(a.date)}</td>
                <td>{name(a.structureId)}</td>
                <td>{languageName(a.language)}</td>
                <td>{modalityLabel(a.modality)}</td>
                <td class="ars-num">{integer(a.billedMinutes)}</td>
                <td class="ars-num">{euros(a.costCents)}</td>
              </tr>
            ))}
          </tbody>
        </FramedTable>
      )}
    </>
  );
}

/** Where the statement stands, in a sentence: when it was sent, decided, and why it came back. */
export function StatementState({ statement: s }: { statement: StatementDetail }) {
  return (
    <p data-testid="statement-state">
      <StatementStatusBadge status={s.status} />{' '}
      {s.status === 'draft' && 'Pas encore transmis : les chiffres suivent les séances enregistrées.'}
      {s.status === 'submitted' && 'Transmis à l’ARS : les chiffres sont figés en attendant sa décision.'}
      {s.status === 'approved' && 'Approuvé par l’ARS : ce relevé ne change plus.'}
      {s.status === 'rejected' && <>Refusé par l’ARS : « <span data-testid="statement-reason">{s.rejection?.reason}</span> ». Il peut être transmis à nouveau.</>}
    </p>
  );
}
