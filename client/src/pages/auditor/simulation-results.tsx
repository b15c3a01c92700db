import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { zoneLabel } from '../../../../shared/regions';
import { euros, integer, percent } from '../../format';
import { ChartCanvas, COLOURS } from './charts';
import { FramedTable } from './table';

// A simulation's results against the baseline (the same year without levers): totals side by side,
// then the fill rate by language and by department, charted and in tables.

export interface GroupRow { key: string; label: string; requests: number; filled: number; unfilled: number; fillRate: number | null }
export interface SimulationFigures {
  region: { code: string; name: string; timeZone: string; structures: number };
  requests: number; filled: number; unfilled: number; fillRate: number | null; medianMinutesToAssign: number | null; medianSecondsToAssignNow: number | null;
  hours: number; costCents: number; escalated: number;
  unfilledByLanguage: GroupRow[]; byDepartment: GroupRow[];
  load: { meanHoursPerWeek: number; maxHoursPerWeek: number; refusedShare: number | null };
  pool: { interpreters: number };
  assumptions: Array<{ key: string; fr: string }>;
}

const rate = (value: number | null | undefined) => (value === null || value === undefined ? '–' : percent(value));
const number = (value: number | null, unit: string) => (value === null ? '–' : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value)} ${unit}`);

function rateBars(labels: string[], baseline: Array<number | null>, scenario: Array<number | null>): ChartConfiguration {
  const toPercent = (values: Array<number | null>) => values.map((v) => (v === null ? null : Math.round(v * 1000) / 10));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Référence', data: toPercent(baseline), backgroundColor: COLOURS.allocated, maxBarThickness: 14 },
        { label: 'Scénario', data: toPercent(scenario), backgroundColor: COLOURS.consumed, maxBarThickness: 14 },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, max: 100, ticks: { callback: (v: string | number) => `${v} %` } } },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (item: { dataset: { label?: string }; raw: unknown }) => `${item.dataset.label}: ${item.raw} %` } } },
    },
  } as unknown as ChartConfiguration;
}

function Compared({ title, keyHeader, baseline, scenario, testId, top }: { title: string; keyHeader: string; baseline: GroupRow[]; scenario: GroupRow[]; testId: string; top: number }) {
  const before = new Map(baseline.map((row) => [row.key, row]));
  // Most unfilled in the scenario first, as the access report orders them.
  const rows = scenario.slice(0, top);
  const config = useMemo(() => rateBars(rows.map((r) => r.label), rows.map((r) => before.get(r.key)?.fillRate ?? null), rows.map((r) => r.fillRate)), [baseline, scenario]);
  const label = `Taux de demandes pourvues ${title.toLowerCase()}, référence puis scénario : `
    + rows.slice(0, 6).map((r) => `${r.label} ${rate(before.get(r.key)?.fillRate)} puis ${rate(r.fillRate)}`).join(', ') + (rows.length > 6 ? ', … (détail dans le tableau).' : '.');
  return (
    <section class="ars-breakdown">
      <h3>{title}</h3>
      <figure class="ars-figure">
        <ChartCanvas config={config} label={label} height={`${Math.max(10, rows.length * 2.4 + 5)}rem`} />
        <figcaption>Taux de demandes pourvues, les {rows.length} groupes qui comptent le plus de non pourvues dans le scénario.</figcaption>
      </figure>
      <FramedTable caption={`Taux pourvu ${title.toLowerCase()}, référence et scénario`} testId={testId} tall={scenario.length > 15}>
        <thead><tr><th scope="col">{keyHeader}</th><th scope="col" class="ars-num">Demandes</th><th scope="col" class="ars-num">Non pourvues</th><th scope="col" class="ars-num">Taux (référence)</th><th scope="col" class="ars-num">Taux (scénario)</th></tr></thead>
        <tbody>
          {scenario.map((r) => (
            <tr key={r.key}><th scope="row">{r.label}</th><td class="ars-num">{integer(r.requests)}</td><td class="ars-num">{integer(r.unfilled)}</td><td class="ars-num">{rate(before.get(r.key)?.fillRate)}</td><td class="ars-num">{rate(r.fillRate)}</td></tr>
          ))}
        </tbody>
      </FramedTable>
    </section>
  );
}

export function SimulationResults({ baseline, scenario }: { baseline: SimulationFigures; scenario: SimulationFigures }) {
  const line = (label: string, pick: (f: SimulationFigures) => string) => (
    <tr><th scope="row">{label}</th><td class="ars-num">{pick(baseline)}</td><td class="ars-num">{pick(scenario)}</td></tr>
  );
  return (
    <div data-testid="simulation-results">
      <p data-testid="simulation-region">
        Année rejouée : région {scenario.region.name}, {integer(scenario.region.structures)} structures, heures lues en {zoneLabel(scenario.region.timeZone)}.
      </p>
      <FramedTable caption="Résultats de l’année simulée : référence (sans levier) et scénario" testId="simulation-totals" tall={false}>
        <thead><tr><th scope="col">Indicateur</th><th scope="col" class="ars-num">Référence</th><th scope="col" class="ars-num">Scénario</th></tr></thead>
        <tbody>
          {line('Interprètes', (f) => integer(f.pool.interpreters))}
          {line('Demandes', (f) => integer(f.requests))}
          {line('Taux de demandes pourvues', (f) => rate(f.fillRate))}
          {line('Demandes non pourvues', (f) => integer(f.unfilled))}
          {line('Heures facturées', (f) => number(f.hours, 'h'))}
          {line('Coût', (f) => euros(f.costCents))}
          {line('Délai médian d’attribution des demandes réservées (heures où les propositions sont lues, 8 h-20 h)', (f) => number(f.medianMinutesToAssign, 'min'))}
          {line('Délai médian d’attribution (immédiates)', (f) => number(f.medianSecondsToAssignNow, 's'))}
          {line('Heures par semaine et par interprète (moyenne)', (f) => number(f.load.meanHoursPerWeek, 'h'))}
          {line('Heures par semaine de l’interprète le plus sollicité', (f) => number(f.load.maxHoursPerWeek, 'h'))}
          {line('Propositions refusées', (f) => rate(f.load.refusedShare))}
        </tbody>
      </FramedTable>
      <div class="ars-breakdowns">
        <Compared title="Par langue" keyHeader="Langue" baseline={baseline.unfilledByLanguage} scenario={scenario.unfilledByLanguage} testId="simulation-language-table" top={15} />
        <Compared title="Par département" keyHeader="Département" baseline={baseline.byDepartment} scenario={scenario.byDepartment} testId="simulation-department-table" top={12} />
      </div>
      <h3>Comportements supposés</h3>
      <ul data-testid="simulation-assumptions">{scenario.assumptions.map((a) => <li key={a.key}>{a.fr}</li>)}</ul>
    </div>
  );
}
