import { useEffect, useId, useState } from 'preact/hooks';
import { get } from '../../api';
import { Alert, Button } from '../../components/ui';
import { euros } from '../../format';
import { REGIONS, zoneLabel } from '../../../../shared/regions';
import type { RegionsReport } from '../../../../shared/reports';
import { AmountDialog, type AmountTarget } from '../auditor/amount-dialog';
import { currentYear } from '../auditor/data';

// "Régions": an administrator starts a region (issue 27): its envelope for a year, set here, and its
// auditors, invited from "Utilisateurs" with the region. Envelopes as the national view reads them.

export function AdminRegionsPage() {
  const yearId = useId();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [envelopes, setEnvelopes] = useState<Map<string, number | null>>();
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState<AmountTarget>();
  const [notice, setNotice] = useState<string>();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    setFailed(false);
    setEnvelopes(undefined);
    get<RegionsReport>(`/api/reports/regions?year=${year}`).then(
      (report) => current && setEnvelopes(new Map(report.regions.map((r) => [r.code, r.budget.envelopeCents]))),
      () => current && setFailed(true),
    );
    return () => void (current = false);
  }, [year, reloads]);

  const saved = (target: AmountTarget, amountCents: number) => {
    setEditing(undefined);
    if (target.kind === 'envelope') setNotice(`Enveloppe ${target.year} de ${target.region?.name ?? 'la région'} : ${euros(amountCents)}.`);
    setReloads((n) => n + 1);
  };
  const years = [thisYear + 1, thisYear, thisYear - 1];
  return (
    <section aria-labelledby="regions-title" class="page stack" aria-busy={!envelopes && !failed ? 'true' : undefined}>
      <h1 id="regions-title">Régions</h1>
      <p>L’enveloppe de chaque région pour l’année ; ses auditeur·rices ARS s’invitent depuis <a href="#/utilisateurs">Utilisateurs</a>, avec la région.</p>
      <div class="field">
        <label for={yearId}>Année</label>
        <select id={yearId} value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))}>
          {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
        </select>
      </div>
      {notice && <Alert kind="success">{notice}</Alert>}
      {failed && <Alert>Les enveloppes n’ont pas pu être chargées.</Alert>}
      <ul class="cards" aria-label={`Régions et enveloppes ${year}`}>
        {REGIONS.map((region) => {
          const envelope = envelopes?.get(region.code) ?? null;
          return (
            <li key={region.code} class="card" data-region={region.code}>
              <div class="card-head"><h2>{region.name}</h2></div>
              <p class="muted">{region.departments.map((d) => d.code).join(', ')} · {zoneLabel(region.timeZone)}</p>
              <p data-testid="region-envelope">{!envelopes ? 'Chargement…' : envelope === null ? `Enveloppe ${year} non fixée` : `Enveloppe ${year} : ${euros(envelope)}`}</p>
              <div class="actions">
                <Button variant="secondary" disabled={!envelopes} onClick={() => { setNotice(undefined); setEditing({ kind: 'envelope', year, currentCents: envelope, region: { code: region.code, name: region.name } }); }}
                  aria-label={`${envelope === null ? 'Fixer' : 'Modifier'} l’enveloppe ${year} de ${region.name}`}>{envelope === null ? 'Fixer l’enveloppe' : 'Modifier l’enveloppe'}</Button>
              </div>
            </li>
          );
        })}
      </ul>
      <AmountDialog target={editing} onClose={() => setEditing(undefined)} onSaved={saved} />
    </section>
  );
}
