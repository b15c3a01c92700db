import type { SimulationResult } from '../../server/simulation';
import type { GroupRow } from '../../server/simulation/report';

// The simulation's figures as tables for a terminal.

const pct = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)} %`);
const eur = (cents: number) => `${Math.round(cents / 100).toLocaleString('en-GB')} EUR`;

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((row) => row.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [`\n${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function pairs(title: string, rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return [`\n${title}`, ...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`)].join('\n');
}

const groups = (title: string, rows: GroupRow[], limit = rows.length) =>
  table(title, ['', 'requests', 'filled', 'unfilled', 'fill rate', 'median min', 'now s'],
    rows.slice(0, limit).map((r) => [(r.label.startsWith(r.key) ? r.label : `${r.key} ${r.label}`).slice(0, 34), r.requests, r.filled, r.unfilled, pct(r.fillRate), r.medianMinutesToAssign ?? '-', r.medianSecondsToAssignNow ?? '-']));

export function formatResult(r: SimulationResult): string {
  const { scenario: s } = r;
  const levers = [
    `demand x${s.demand}`,
    ...s.add.map((a) => `+${a.count} ${a.language} ${a.modalities.join('+')}${a.departments?.length ? ` in ${a.departments.join('+')}` : ''}`),
    ...s.removeAgency.map((id) => `without agency ${id}`),
    `waves of ${s.policy.waveSize}, now waves ${s.policy.nowWaveSeconds} s`,
  ];
  const reasons = Object.entries(r.unfilledByReason).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `${r.region.name} (${r.region.code}, ${r.region.structures} structures, ${r.region.timeZone} time), year ${s.year}, seed ${s.seed}: ${levers.join('; ')}; ${r.pool.interpreters} interpreters (${r.pool.agencies.join(', ')})`,
    pairs('Totals', [
      ['requests', r.requests], ['filled', r.filled], ['unfilled', `${r.unfilled} (${reasons || 'none'})`], ['cancelled before assignment', r.cancelledUnassigned],
      ['fill rate', pct(r.fillRate)], ['median minutes to assign (booked, reading hours)', r.medianMinutesToAssign ?? '-'], ['median seconds to assign ("now")', r.medianSecondsToAssignNow ?? '-'],
      ['uncovered at some point (every agency alerted)', r.escalated], ['sessions in the ledger', r.sessions], ['hours', r.hours.toLocaleString('en-GB')], ['cost', eur(r.costCents)],
    ]),
    groups('Unfilled by language (most unfilled first)', r.unfilledByLanguage, 15),
    groups('By department', r.byDepartment),
    groups('By modality', r.byModality),
    pairs('Weekly series', [
      ['series', r.series.series], ['later occurrences', r.series.laterOccurrences], ['of them filled', r.series.laterFilled],
      ['filled by the first occurrence\'s interpreter', pct(r.series.sameInterpreterShare)],
    ]),
    pairs('Interpreters\' load', [
      ['hours per week, mean', r.load.meanHoursPerWeek], ['hours per week, busiest', r.load.maxHoursPerWeek],
      ['offers', r.load.offers], ['declined', pct(r.load.refusedShare)], ['left unanswered', pct(r.load.unansweredShare)],
    ]),
    table('Busiest interpreters', ['name', 'agency', 'languages', 'h/week', 'offers', 'accepted', 'declined', 'by dispatcher'],
      [...r.load.interpreters].sort((a, b) => b.hoursPerWeek - a.hoursPerWeek).slice(0, 10)
        .map((i) => [i.name, i.agencyId, i.languages.join(' '), i.hoursPerWeek, i.offers, i.accepted, i.declined, i.byDispatcher])),
    '\nBehaviour assumed:',
    ...r.assumptions.map((a) => `- ${a.en}`),
  ].join('\n');
}
