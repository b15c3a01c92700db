import { useEffect, useId, useState } from 'preact/hooks';
import { get } from '../../api';
import { Alert } from '../../components/ui';
import { euros, hours, integer, percent } from '../../format';
import type { RegionsReport } from '../../../../shared/reports';
import { currentYear } from './data';
import { FramedTable } from './table';
import './auditor.css';

// The national auditors' page: every region side by side, as GET /api/reports/regions gives them. Read only.

export function RegionsPage() {
  const yearId = useId();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [report, setReport] = useState<RegionsReport>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    get<RegionsReport>(`/api/reports/regions?year=${year}`).then((loaded) => current && setReport(loaded), () => current && setFailed(true));
    return () => void (current = false);
  }, [year]);

  const shown = report?.year === year ? report : undefined;
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  return (
    <div class="ars" aria-busy={!shown && !failed ? 'true' : undefined}>
      <div class="ars-head">
        <h1>Vue nationale des régions</h1>
        <div class="ars-toolbar">
          <div class="field ars-year">
            <label for={yearId}>Année</label>
            <select id={yearId} value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))}>
              {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
            </select>
          </div>
        </div>
      </div>
      {failed && <Alert>Les chiffres des régions n’ont pas pu être chargés.</Alert>}
      {!shown ? (
        !failed && <p class="loading">Chargement des données {year}…</p>
      ) : (
        <section class="ars-card" aria-labelledby="ars-regions-title">
          <h2 id="ars-regions-title">Usage, budget et demande non pourvue par région</h2>
          <FramedTable caption={`Les ${shown.regions.length} régions en ${year}`} testId="regions-table" tall={false}>
            <thead>
              <tr>
                <th scope="col">Région</th>
                <th scope="col" class="ars-num">Structures</th>
                <th scope="col" class="ars-num">Séances</th>
                <th scope="col" class="ars-num">Heures</th>
                <th scope="col" class="ars-num">Coût</th>
                <th scope="col" class="ars-num">Enveloppe</th>
                <th scope="col" class="ars-num">Consommé</th>
                <th scope="col" class="ars-num">Demandes</th>
                <th scope="col" class="ars-num">Non pourvues</th>
                <th scope="col" class="ars-num">Taux pourvu</th>
              </tr>
            </thead>
            <tbody>
              {shown.regions.map((r) => (
                <tr key={r.code} data-region={r.code}>
                  <th scope="row">{r.name}</th>
                  <td class="ars-num">{integer(r.structures)}</td>
                  <td class="ars-num">{integer(r.usage.sessions)}</td>
                  <td class="ars-num">{hours(r.usage.minutes)}</td>
                  <td class="ars-num">{euros(r.usage.costCents)}</td>
                  <td class="ars-num">{r.budget.envelopeCents === null ? 'aucune' : euros(r.budget.envelopeCents)}</td>
                  <td class="ars-num">{euros(r.budget.consumedCents)}</td>
                  <td class="ars-num">{integer(r.access.requests)}</td>
                  <td class="ars-num">{integer(r.access.unfilled)}</td>
                  <td class="ars-num">{r.access.fillRate === null ? '—' : percent(r.access.fillRate)}</td>
                </tr>
              ))}
            </tbody>
          </FramedTable>
        </section>
      )}
    </div>
  );
}
