import { useId, useMemo, useState } from 'preact/hooks';
import { Button, Empty } from '../../components/ui';
import { percent, roundEuros, structureTypeLabel } from '../../format';
import { ChartCanvas, COLOURS, horizontalBars } from './charts';
import type { BudgetReport, BudgetRow, Structure } from './data';

// Each structure's consumption against its allocation: a chart of the biggest, a sortable table of all,
// and the way to give an allocation to a structure that has none yet.

const TOP = 15;

type SortKey = 'name' | 'allocatedCents' | 'committedCents' | 'consumedCents' | 'remainingCents' | 'consumedPercent' | 'forecastCents';
interface Sort { key: SortKey; descending: boolean }

const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'allocatedCents', label: 'Alloué' },
  { key: 'committedCents', label: 'Engagé' },
  { key: 'consumedCents', label: 'Consommé' },
  { key: 'remainingCents', label: 'Reste' },
  { key: 'consumedPercent', label: '% consommé' },
  { key: 'forecastCents', label: 'Prévision' },
];

function compare(sort: Sort) {
  return (a: BudgetRow, b: BudgetRow): number => {
    if (sort.key === 'name') return (sort.descending ? -1 : 1) * a.name.localeCompare(b.name, 'fr');
    const x = a[sort.key];
    const y = b[sort.key];
    // Structures without an allocation (no percentage) always come last.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (sort.descending ? y - x : x - y) || a.name.localeCompare(b.name, 'fr');
  };
}

interface Props {
  year: number;
  budget: BudgetReport | undefined;
  structures: Structure[] | undefined;
  onEdit: (row: { structureId: string; name: string; currentCents: number | null }) => void;
}

export function AllocationsSection({ year, budget, structures, onEdit }: Props) {
  const captionId = useId();
  const [sort, setSort] = useState<Sort>({ key: 'consumedCents', descending: true });
  const rows = useMemo(() => [...(budget?.rows ?? [])].sort(compare(sort)), [budget, sort]);
  const top = useMemo(() => [...(budget?.rows ?? [])].sort((a, b) => b.consumedCents - a.consumedCents).slice(0, TOP), [budget]);
  const config = useMemo(
    () => horizontalBars(top.map((r) => r.name), [
      { label: 'Consommé', data: top.map((r) => r.consumedCents / 100), colour: COLOURS.consumed },
      { label: 'Alloué', data: top.map((r) => r.allocatedCents / 100), colour: COLOURS.allocated },
    ]),
    [top],
  );
  const chartLabel = `Consommé et alloué ${year} des ${top.length} structures qui consomment le plus : `
    + top.slice(0, 5).map((r) => `${r.name} ${roundEuros(r.consumedCents)} sur ${roundEuros(r.allocatedCents)}`).join(' ; ')
    + (top.length > 5 ? ' ; … (détail dans le tableau).' : '.');

  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined);
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={ariaSort(key)} class={key === 'name' ? undefined : 'ars-num'}>
      <button type="button" class="ars-sort" onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true" class="ars-sort-icon">{sort.key === key ? (sort.descending ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );

  return (
    <section class="ars-card" aria-labelledby="ars-allocations-title">
      <h2 id="ars-allocations-title">Consommation par structure</h2>
      {!budget ? (
        <p>Le budget n’a pas pu être chargé.</p>
      ) : budget.rows.length === 0 ? (
        <Empty>Aucune structure n’a d’allocation ni de consommation en {year}.</Empty>
      ) : (
        <>
          <figure class="ars-figure">
            <ChartCanvas config={config} label={chartLabel} height={`${Math.max(12, top.length * 2.4 + 5)}rem`} />
            <figcaption>
              Consommé et alloué des {top.length} structures qui consomment le plus en {year} (sur {budget.rows.length}) ; toutes les structures sont dans le tableau ci-dessous.
            </figcaption>
          </figure>
          <div class="ars-table-wrap ars-table-wrap--tall" tabIndex={0} role="region" aria-labelledby={captionId}>
            <table class="ars-table" data-testid="budget-table">
              <caption id={captionId}>
                Allocations {year} par structure ({rows.length}), en euros arrondis, triées par {sort.key === 'name' ? 'nom' : COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase()}
                {sort.descending ? ' décroissant' : ' croissant'}. Les en-têtes de colonne trient le tableau.
              </caption>
              <thead>
                <tr>
                  {header('name', 'Structure')}
                  <th scope="col">Type</th>
                  {COLUMNS.map((c) => header(c.key, c.label))}
                  <th scope="col"><span class="ars-sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.structureId} data-structure-id={r.structureId} class={r.overAllocation ? 'ars-row-over' : undefined}>
                    <th scope="row">{r.name}</th>
                    <td><TypeName type={r.type} /></td>
                    <td class="ars-num">{roundEuros(r.allocatedCents)}</td>
                    <td class="ars-num">{roundEuros(r.committedCents)}</td>
                    <td class="ars-num">{roundEuros(r.consumedCents)}</td>
                    <td class={`ars-num${r.remainingCents < 0 ? ' ars-over' : ''}`}>{roundEuros(r.remainingCents)}</td>
                    <td class="ars-num">
                      {r.consumedPercent === null ? <span title="Sans allocation">—</span> : percent(r.consumedPercent / 100)}
                      {r.overAllocation && <span class="ars-badge">dépassement</span>}
                    </td>
                    <td class="ars-num">{roundEuros(r.forecastCents)}</td>
                    <td>
                      <Button variant="secondary" onClick={() => onEdit({ structureId: r.structureId, name: r.name, currentCents: r.allocatedCents })}>
                        Modifier<span class="ars-sr-only"> l’allocation de {r.name}</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {budget && structures && <OtherStructures year={year} budget={budget} structures={structures} onEdit={onEdit} />}
    </section>
  );
}

/** The type's acronym when it has one (PASS, MSP…), its short name otherwise; the full name on hover. */
function TypeName({ type }: { type: string }) {
  const full = structureTypeLabel(type);
  const acronym = /\(([A-Z]{2,})\)$/.exec(full)?.[1] ?? (full.startsWith(`${type} `) ? type : undefined);
  const short = acronym ?? full.replace(/\s*\(.*\)$/, '');
  return short === full ? <>{full}</> : <abbr title={full}>{short}</abbr>;
}

/** Active structures with neither allocation nor usage this year: give one an allocation. */
function OtherStructures({ year, budget, structures, onEdit }: { year: number; budget: BudgetReport; structures: Structure[]; onEdit: Props['onEdit'] }) {
  const selectId = useId();
  const [chosen, setChosen] = useState('');
  const others = useMemo(() => {
    const listed = new Set(budget.rows.map((r) => r.structureId));
    return structures.filter((s) => s.active && !listed.has(s.id)).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }, [budget, structures]);
  if (others.length === 0) return null;
  const structure = others.find((s) => s.id === chosen);
  return (
    <details class="ars-details">
      <summary>Allouer un budget {year} à une autre structure ({others.length} sans allocation)</summary>
      <div class="ars-inline-form">
        <div class="field">
          <label for={selectId}>Structure</label>
          <select id={selectId} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            <option value="">Choisissez une structure</option>
            {others.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <Button variant="secondary" disabled={!structure} onClick={() => structure && onEdit({ structureId: structure.id, name: structure.name, currentCents: null })}>
          Fixer l’allocation
        </Button>
      </div>
    </details>
  );
}
