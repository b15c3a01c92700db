import type { ComponentChildren } from 'preact';
import { regionByCode } from '../../../../shared/regions';
import { euros } from '../../format';
import { FramedTable } from '../auditor/table';
import { monthLabel, payableCents, type StatementSummary } from './data';
import { StatementStatusBadge } from './statement-view';

/** Statements as rows: the month (or agency), the region when there are several, the status (and why refused), what is payable, a link. */
export function StatementRows({ caption, statements, first, firstHeader, testId }: {
  caption: ComponentChildren;
  statements: StatementSummary[];
  first: (s: StatementSummary) => string;
  firstHeader: string;
  testId: string;
}) {
  const regions = new Set(statements.map((s) => s.region)).size > 1;
  return (
    <FramedTable caption={caption} testId={testId} tall={false}>
      <thead>
        <tr>
          <th scope="col">{firstHeader}</th>
          {regions && <th scope="col">Région</th>}
          <th scope="col">Statut</th>
          <th scope="col" class="ars-num">Séances</th>
          <th scope="col" class="ars-num">À payer</th>
          <th scope="col"><span class="ars-sr-only">Ouvrir</span></th>
        </tr>
      </thead>
      <tbody class="statement-months">
        {statements.map((s) => (
          <tr key={s.id} data-statement-id={s.id} data-month={s.month}>
            <th scope="row">{first(s)}</th>
            {regions && <td>{regionByCode(s.region)?.name ?? s.region}</td>}
            <td>
              <StatementStatusBadge status={s.status} />
              {s.status === 'rejected' && s.rejection && <span class="statement-reason">Motif : {s.rejection.reason}</span>}
            </td>
            <td class="ars-num">{s.totals.sessions}</td>
            <td class="ars-num">{euros(payableCents(s.totals))}</td>
            <td><a class="button button--secondary" href={`#/releves?id=${encodeURIComponent(s.id)}`} aria-label={`Ouvrir le relevé : ${first(s)}`}>Ouvrir</a></td>
          </tr>
        ))}
      </tbody>
    </FramedTable>
  );
}

export const monthOf = (s: StatementSummary) => monthLabel(s.month);
