import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import type { QualificationsReport } from '../../../../shared/reports';
import { Empty } from '../../components/ui';
import { integer } from '../../format';
import { FramedTable } from './table';

// "Interprètes qualifié·es": where the catalogue requires a qualification (a specialty such as mental
// health, a language such as LSF), how many interpreters of the region hold it today, and how many lose
// it soon (GET /api/reports/qualifications).


/** Loads its own figures, again when `refresh` changes; only the pairs that require a qualification. */
export function QualificationsSection({ refresh }: { refresh: string | undefined }) {
  const [report, setReport] = useState<QualificationsReport | 'failed'>();
  useEffect(() => {
    let current = true;
    get<QualificationsReport>('/api/reports/qualifications').then((loaded) => current && setReport(loaded), () => current && setReport('failed'));
    return () => {
      current = false;
    };
  }, [refresh]);
  const rows = report && report !== 'failed' ? report.rows.filter((r) => r.required.length > 0) : [];

  return (
    <section class="ars-card" aria-labelledby="ars-qualifications-title" data-testid="qualifications-panel" aria-busy={report ? undefined : 'true'}>
      <h2 id="ars-qualifications-title">Interprètes qualifié·es</h2>
      <p class="hint">
        Par langue et spécialité exigeant une formation ou un diplôme (santé mentale, périnatalité, langue des signes…) : les interprètes
        actif·ves qui les déclarent, celles et ceux dont la qualification est valable aujourd’hui, et parmi eux celles et ceux dont elle
        expire dans les {report && report !== 'failed' ? report.horizonDays : 90} jours.
      </p>
      {!report ? (
        <p class="loading">Chargement des qualifications…</p>
      ) : report === 'failed' ? (
        <p>Les qualifications n’ont pas pu être chargées.</p>
      ) : rows.length === 0 ? (
        <Empty>Aucun·e interprète ne déclare de spécialité ou de langue exigeant une qualification.</Empty>
      ) : (
        <FramedTable caption="Interprètes qualifié·es par langue et spécialité" testId="qualifications-table" tall={rows.length > 12}>
          <thead>
            <tr>
              <th scope="col">Langue</th>
              <th scope="col">Spécialité</th>
              <th scope="col" class="ars-num">Interprètes</th>
              <th scope="col" class="ars-num">Qualifié·es</th>
              <th scope="col" class="ars-num">Expirent sous {report.horizonDays} jours</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.language}:${r.specialty}`}>
                <th scope="row">{r.languageName}</th>
                <td>{r.specialtyName}</td>
                <td class="ars-num">{integer(r.interpreters)}</td>
                <td class="ars-num">{integer(r.qualified)}</td>
                <td class="ars-num">{integer(r.expiringSoon)}</td>
              </tr>
            ))}
          </tbody>
        </FramedTable>
      )}
    </section>
  );
}
