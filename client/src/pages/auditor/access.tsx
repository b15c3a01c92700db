import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { Empty } from '../../components/ui';
import { integer, percent, UNFILLED_REASON_LABELS } from '../../format';
import { ChartCanvas, COLOURS, horizontalBars } from './charts';
import { accessCsvHref, loadAccess, type AccessReport, type AccessRow } from './data';
import { FramedTable } from './table';

// "Demande non satisfaite": where the region lacks interpreters. The year's fill rate, the requests
// left without an interpreter and why, how long finding one takes, then by language and by department
// a chart (unfilled and filled requests, stacked) and the same figures in a table.

const rate = (value: number | null) => (value === null ? '–' : percent(value));
const minutes = (value: number | null) => (value === null ? '–' : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value)} min`);
const seconds = (value: number | null) => (value === null ? '–' : `${integer(value)} s`);

/** Loads its own figures (a first report of a year may take a few seconds), again when `refresh` changes. */
export function AccessSection({ year, refresh }: { year: number; refresh: string | undefined }) {
  const [data, setData] = useState<Awaited<ReturnType<typeof loadAccess>>>();
  useEffect(() => {
    let current = true;
    void loadAccess(year).then((loaded) => current && setData(loaded));
    return () => {
      current = false;
    };
  }, [year, refresh]);
  const shown = data?.year === year ? data : undefined;
  const totals = shown?.language?.totals;

  return (
    <section class="ars-card" aria-labelledby="ars-access-title" data-testid="access-panel" aria-busy={shown ? undefined : 'true'}>
      <h2 id="ars-access-title">Demande non satisfaite</h2>
      <p class="hint">
        Demandes d’interprète pour des séances de {year} : pourvues (un·e interprète a été trouvé·e) ou non pourvues. Le taux ne compte pas les
        demandes annulées par la structure avant toute attribution.
      </p>
      {!shown ? (
        <p class="loading">Chargement de la demande {year}…</p>
      ) : !totals ? (
        <p>La demande non satisfaite n’a pas pu être chargée{shown.failure ? ` : ${shown.failure}` : '.'}</p>
      ) : totals.requests === 0 ? (
        <Empty>Aucune demande pour {year}.</Empty>
      ) : (
        <>
          <dl class="ars-totals" data-testid="access-totals">
            <div><dt>Demandes pourvues</dt><dd data-testid="access-fill-rate">{rate(totals.fillRate)}</dd></div>
            <div><dt>Demandes non pourvues</dt><dd data-testid="access-unfilled">{integer(totals.unfilled)}</dd></div>
            <div><dt>Délai médian d’attribution (réservées)</dt><dd>{minutes(totals.medianMinutesToAssign)}</dd></div>
            <div><dt>Délai médian d’attribution (immédiates)</dt><dd>{seconds(totals.medianSecondsToAssignNow)}</dd></div>
          </dl>
          <p>
            Sur {integer(totals.requests)} demandes : {integer(totals.filled)} pourvues, {integer(totals.unfilled)} non pourvues,{' '}
            {integer(totals.cancelledUnassigned)} annulées avant attribution{totals.pending ? `, ${integer(totals.pending)} en cours` : ''}.
          </p>
          <p data-testid="access-filled-detail">
            Des <span data-testid="access-filled">{integer(totals.filled)}</span> demandes pourvues, <span data-testid="access-filled-sessions">{integer(totals.filledAs.session)}</span> sont des séances facturées
            (les « Séances facturées » de l’activité), <span data-testid="access-filled-upcoming">{integer(totals.filledAs.upcoming)}</span> à venir
            et <span data-testid="access-filled-free">{integer(totals.filledAs.cancelledFree)}</span> annulée{totals.filledAs.cancelledFree > 1 ? 's' : ''} sans frais après l’attribution.
          </p>
          {totals.unfilled > 0 && (
            <>
              <h3>Motifs des demandes non pourvues</h3>
              <ul data-testid="access-reasons">
                {Object.entries(totals.unfilledByReason).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]).map(([reason, count]) => (
                  <li key={reason}>{UNFILLED_REASON_LABELS[reason] ?? reason} : {integer(count)}</li>
                ))}
              </ul>
            </>
          )}
          <div class="ars-breakdowns">
            <AccessBlock year={year} title="Par langue" keyHeader="Langue" report={shown.language} top={15} testId="access-language-table" />
            <AccessBlock year={year} title="Par département" keyHeader="Département" report={shown.department} testId="access-department-table" />
          </div>
          <ul class="ars-downloads">
            <li><a href={accessCsvHref(year, 'language')} download={`access-${year}-language.csv`}>Demande {year} par langue (CSV)</a></li>
            <li><a href={accessCsvHref(year, 'department')} download={`access-${year}-department.csv`}>Demande {year} par département (CSV)</a></li>
          </ul>
        </>
      )}
    </section>
  );
}

interface BlockProps {
  year: number;
  title: string;
  keyHeader: string;
  report: AccessReport | undefined;
  /** How many groups the chart shows, those with the most unfilled requests (the table has them all). */
  top?: number;
  testId: string;
}

function AccessBlock({ year, title, keyHeader, report, top, testId }: BlockProps) {
  const titleId = useId();
  // The rows come most unfilled first.
  const shown = useMemo(() => (report?.rows ?? []).slice(0, top ?? Infinity), [report, top]);
  const config = useMemo(() => horizontalBars(shown.map((r) => r.label), [
    { label: 'Non pourvues', data: shown.map((r) => r.unfilled), colour: COLOURS.committed },
    { label: 'Pourvues', data: shown.map((r) => r.filled), colour: COLOURS.consumed },
  ], 'counts'), [shown]);
  const partial = report !== undefined && shown.length < report.rows.length;
  const label = `Demandes non pourvues et pourvues ${title.toLowerCase()} en ${year} : `
    + shown.slice(0, 6).map((r) => `${r.label} ${integer(r.unfilled)} non pourvues sur ${integer(r.requests)} (${rate(r.fillRate)} pourvues)`).join(', ')
    + (shown.length > 6 ? ', … (détail dans le tableau).' : '.');
  return (
    // Named by the section's subject too: the usage breakdowns have their own "Par langue" region.
    <section class="ars-breakdown" aria-labelledby={titleId}>
      <h3 id={titleId}><span class="visually-hidden">Demande non satisfaite : </span>{title}</h3>
      {!report ? (
        <p>Cette répartition n’a pas pu être chargée.</p>
      ) : (
        <>
          <figure class="ars-figure">
            <ChartCanvas config={config} label={label} height={`${Math.max(10, shown.length * 2 + 5)}rem`} />
            <figcaption>
              Nombre de demandes{partial ? `, les ${shown.length} qui comptent le plus de non pourvues sur ${report.rows.length} (toutes dans le tableau)` : ''}.
            </figcaption>
          </figure>
          <AccessTable caption={`Demandes pourvues et non pourvues ${title.toLowerCase()} en ${year}`} keyHeader={keyHeader} report={report} testId={testId} />
        </>
      )}
    </section>
  );
}

function AccessTable({ caption, keyHeader, report, testId }: { caption: string; keyHeader: string; report: AccessReport; testId: string }) {
  const line = (r: Pick<AccessRow, 'requests' | 'filled' | 'unfilled' | 'fillRate' | 'medianMinutesToAssign'>) => (
    <>
      <td class="ars-num">{integer(r.requests)}</td>
      <td class="ars-num">{integer(r.filled)}</td>
      <td class="ars-num">{integer(r.unfilled)}</td>
      <td class="ars-num">{rate(r.fillRate)}</td>
      <td class="ars-num">{minutes(r.medianMinutesToAssign)}</td>
    </>
  );
  return (
    <FramedTable caption={caption} testId={testId} tall={report.rows.length > 15}>
      <thead>
        <tr>
          <th scope="col">{keyHeader}</th>
          <th scope="col" class="ars-num">Demandes</th>
          <th scope="col" class="ars-num">Pourvues</th>
          <th scope="col" class="ars-num">Non pourvues</th>
          <th scope="col" class="ars-num">Taux pourvu</th>
          <th scope="col" class="ars-num"><abbr title="Délai médian d’attribution des demandes réservées">Délai médian</abbr></th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => <tr key={r.key}><th scope="row">{r.label}</th>{line(r)}</tr>)}
      </tbody>
      <tfoot>
        <tr><th scope="row">Total</th>{line(report.totals)}</tr>
      </tfoot>
    </FramedTable>
  );
}
