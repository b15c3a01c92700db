import { DateTime } from 'luxon';
import { useId, useMemo } from 'preact/hooks';
import { Empty } from '../../components/ui';
import { euros, hours, integer, modalityLabel, roundEuros, structureTypeLabel, ZONE } from '../../format';
import { languageName } from '../../languages';
import { ChartCanvas, COLOURS, doughnut, horizontalBars, monthlyLine } from './charts';
import { FramedTable } from './table';
import type { UsageGroup, UsageReport, UsageRow } from './data';

// Usage over the year (per month) and its breakdowns (language, modality, structure type): a chart
// each, and the same figures in a table for whoever does not see the chart.

interface TableProps {
  caption: string;
  keyHeader: string;
  report: UsageReport;
  labelOf: (row: UsageRow) => string;
  testId: string;
}

/** Sessions, hours and euros per group, with the year's total. */
export function UsageTable({ caption, keyHeader, report, labelOf, testId }: TableProps) {
  return (
    <FramedTable caption={caption} testId={testId} tall={report.rows.length > 15}>
      <thead>
        <tr>
          <th scope="col">{keyHeader}</th>
          <th scope="col" class="ars-num">Séances</th>
          <th scope="col" class="ars-num">Heures</th>
          <th scope="col" class="ars-num">Coût</th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{labelOf(row)}</th>
            <td class="ars-num">{integer(row.sessions)}</td>
            <td class="ars-num">{hours(row.minutes)}</td>
            <td class="ars-num">{euros(row.costCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td class="ars-num">{integer(report.totals.sessions)}</td>
          <td class="ars-num">{hours(report.totals.minutes)}</td>
          <td class="ars-num">{euros(report.totals.costCents)}</td>
        </tr>
      </tfoot>
    </FramedTable>
  );
}

const monthName = (year: number, month: number, format: string) => DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).setLocale('fr').toFormat(format);

/** The month under way when `year` is this year ('2026-06'), else undefined: its figures are not final. */
function monthUnderWay(year: number): string | undefined {
  const now = DateTime.now().setZone(ZONE);
  return now.year === year ? now.toFormat('yyyy-MM') : undefined;
}

export function MonthlySection({ year, report }: { year: number; report: UsageReport | undefined }) {
  const current = monthUnderWay(year);
  const { labels, data } = useMemo(() => {
    const now = DateTime.now().setZone(ZONE);
    const byMonth = new Map((report?.rows ?? []).map((r) => [r.key, r.costCents]));
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    return {
      labels: months.map((m) => `${monthName(year, m, 'LLL')}${year === now.year && m === now.month ? ' (en cours)' : ''}`),
      // Months still to come are gaps, not zeros.
      data: months.map((m) => {
        const cents = byMonth.get(`${year}-${String(m).padStart(2, '0')}`);
        if (cents !== undefined) return cents / 100;
        return year > now.year || (year === now.year && m > now.month) ? null : 0;
      }),
    };
  }, [report, year]);
  const currentIndex = current ? Number(current.slice(5)) - 1 : undefined;
  const config = useMemo(() => monthlyLine(labels, 'Coût', data, currentIndex), [labels, data, currentIndex]);
  const currentName = current ? monthName(year, Number(current.slice(5)), 'LLLL') : undefined;
  const peak = report?.rows.reduce<UsageRow | undefined>((best, r) => (!best || r.costCents > best.costCents ? r : best), undefined);
  const label = report && peak
    ? `Courbe du coût mensuel ${year} : ${report.rows.length} mois avec activité, maximum en ${peak.label} (${roundEuros(peak.costCents)}), total ${roundEuros(report.totals.costCents)}`
      + (currentName ? ` ; ${currentName}, en cours, n’est pas terminé.` : '.')
    : `Courbe du coût mensuel ${year} : aucune activité.`;
  return (
    <section class="ars-card" aria-labelledby="ars-monthly-title">
      <h2 id="ars-monthly-title">Coût mois par mois</h2>
      {!report ? (
        <p>La série mensuelle n’a pas pu être chargée.</p>
      ) : report.rows.length === 0 ? (
        <Empty>Aucune séance enregistrée en {year}.</Empty>
      ) : (
        <>
          <figure class="ars-figure">
            <ChartCanvas config={config} label={label} />
            <figcaption>
              Coût des séances réalisées par mois en {year}, en euros.
              {currentName && <> Le mois de {currentName} est en cours (point en losange) : son coût n’est pas définitif.</>}
            </figcaption>
          </figure>
          <details class="ars-details">
            <summary>Voir les données mois par mois</summary>
            <UsageTable caption={`Séances, heures et coût par mois en ${year}`} keyHeader="Mois" report={report} labelOf={(r) => (r.key === current ? `${r.label} (mois en cours)` : r.label)} testId="usage-month-table" />
          </details>
        </>
      )}
    </section>
  );
}

interface Breakdown {
  group: UsageGroup;
  title: string;
  keyHeader: string;
  labelOf: (row: UsageRow) => string;
  /** How many groups the chart shows (the table has them all). */
  top?: number;
  chart: 'bars' | 'doughnut';
}

const BREAKDOWNS: Breakdown[] = [
  { group: 'language', title: 'Par langue', keyHeader: 'Langue', labelOf: (r) => (r.label && r.label !== r.key ? r.label : languageName(r.key)), top: 12, chart: 'bars' },
  { group: 'modality', title: 'Par modalité', keyHeader: 'Modalité', labelOf: (r) => (r.label && r.label !== r.key ? r.label : modalityLabel(r.key)), chart: 'doughnut' },
  { group: 'structureType', title: 'Par type de structure', keyHeader: 'Type de structure', labelOf: (r) => (r.label && r.label !== r.key ? r.label : structureTypeLabel(r.key)), chart: 'bars' },
];

function BreakdownBlock({ year, breakdown, report }: { year: number; breakdown: Breakdown; report: UsageReport | undefined }) {
  const titleId = useId();
  const shown = useMemo(() => (report?.rows ?? []).slice(0, breakdown.top ?? Infinity), [report, breakdown]);
  const config = useMemo(() => {
    const labels = shown.map(breakdown.labelOf);
    const data = shown.map((r) => r.costCents / 100);
    return breakdown.chart === 'doughnut' ? doughnut(labels, 'Coût', data) : horizontalBars(labels, [{ label: 'Coût', data, colour: COLOURS.consumed }]);
  }, [shown, breakdown]);
  const total = report?.totals.costCents ?? 0;
  const partial = report !== undefined && shown.length < report.rows.length;
  const label = `${breakdown.title.replace('Par', 'Coût par')} en ${year} : `
    + shown.slice(0, 6).map((r) => `${breakdown.labelOf(r)} ${roundEuros(r.costCents)}${total ? ` (${Math.round((r.costCents / total) * 100)} %)` : ''}`).join(', ')
    + (shown.length > 6 ? ', … (détail dans le tableau).' : '.');
  return (
    // Named by the section's subject too: unmet demand has its own "Par langue" region.
    <section class="ars-breakdown" aria-labelledby={titleId}>
      <h3 id={titleId}><span class="visually-hidden">Répartition : </span>{breakdown.title}</h3>
      {!report ? (
        <p>Cette répartition n’a pas pu être chargée.</p>
      ) : report.rows.length === 0 ? (
        <Empty>Aucune séance enregistrée en {year}.</Empty>
      ) : (
        <>
          <figure class="ars-figure">
            <ChartCanvas config={config} label={label} height={breakdown.chart === 'doughnut' ? '16rem' : `${Math.max(10, shown.length * 2 + 4)}rem`} />
            <figcaption>
              Coût en euros{partial ? `, les ${shown.length} premières sur ${report.rows.length} (toutes dans le tableau)` : ''}.
            </figcaption>
          </figure>
          <UsageTable
            caption={`${breakdown.title.replace('Par', 'Séances, heures et coût par')} en ${year}`}
            keyHeader={breakdown.keyHeader}
            report={report}
            labelOf={breakdown.labelOf}
            testId={`usage-${breakdown.group}-table`}
          />
        </>
      )}
    </section>
  );
}

export function BreakdownsSection({ year, usage }: { year: number; usage: Partial<Record<UsageGroup, UsageReport>> }) {
  return (
    <section class="ars-card" aria-labelledby="ars-breakdowns-title">
      <h2 id="ars-breakdowns-title">Répartitions {year}</h2>
      <div class="ars-breakdowns">
        {BREAKDOWNS.map((b) => <BreakdownBlock key={b.group} year={year} breakdown={b} report={usage[b.group]} />)}
      </div>
    </section>
  );
}
