import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { Alert, Button } from '../../components/ui';
import { MAINLAND_ZONE, regionByCode } from '../../../../shared/regions';
import { euros, hours, integer, time, zoneNote } from '../../format';
import { useSession } from '../../session';
import { useLiveEvent, useReconnect } from '../../live';
import { AccessSection } from './access';
import { AllocationsSection } from './allocations';
import { AmountDialog, targetTitle, type AmountTarget } from './amount-dialog';
import { AuditSection } from './audit';
import { budgetCsvHref, currentYear, loadDashboard, rememberDashboardYear, usageCsvHref, type DashboardData, type UsageGroup, type UsageReport } from './data';
import { EnvelopeSection } from './envelope';
import { QualificationsSection } from './qualifications';
import { StatementsSummarySection } from './statements-summary';
import { TariffsSection } from './tariffs';
import { BreakdownsSection, MonthlySection } from './usage';
import './auditor.css';

// The ARS auditor's dashboard: a year's envelope, allocations, usage and its breakdowns, unmet demand, the
// qualified interpreters, CSV exports and the audit trail; budget figures are edited here, and new usage refreshes it live.

/** A burst of completions makes one reload. */
const LIVE_DEBOUNCE_MS = 1500;

export function AuditorDashboard() {
  const yearId = useId();
  // The region's own clock: La Réunion's auditor reads La Réunion's time, named as such.
  const region = regionByCode(useSession().user.region ?? '');
  const zone = region?.timeZone ?? MAINLAND_ZONE;
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [data, setData] = useState<DashboardData>();
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<AmountTarget>();
  const [message, setMessage] = useState<string>();
  const sequence = useRef(0);
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const reload = useCallback(async (which: number) => {
    const mine = ++sequence.current;
    setLoading(true);
    const loaded = await loadDashboard(which);
    // An older answer arriving after a newer request (another year, a live update) is dropped.
    if (mine !== sequence.current) return;
    setData(loaded);
    setLoading(false);
  }, []);

  useEffect(() => {
    rememberDashboardYear(year);
    void reload(year);
  }, [year, reload]);
  useEffect(() => () => clearTimeout(debounce.current), []);

  useLiveEvent<{ years: number[] }>('usage:recorded', (payload) => {
    if (!payload?.years?.includes(year)) return;
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => void reload(year), LIVE_DEBOUNCE_MS);
  });
  useReconnect(() => void reload(year));

  const saved = (target: AmountTarget, amountCents: number) => {
    setEditing(undefined);
    setMessage(`${targetTitle(target)} : ${euros(amountCents)} enregistrée.`);
    void reload(target.year);
  };

  const years = [thisYear + 1, ...Array.from({ length: 5 }, (_, i) => thisYear - i)];
  const shown = data?.year === year ? data : undefined;
  const totals = shown?.usage.structure?.totals;

  return (
    <div class="ars" aria-busy={loading ? 'true' : undefined}>
      <div class="ars-head">
        <h1>Tableau de bord ARS{region ? ` ${region.name}` : ''}</h1>
        <div class="ars-toolbar">
          <div class="field ars-year">
            <label for={yearId}>Année</label>
            <select id={yearId} value={String(year)} onChange={(e) => { setMessage(undefined); setYear(Number(e.currentTarget.value)); }}>
              {years.map((y) => <option key={y} value={String(y)}>{y > thisYear ? `${y} (à venir)` : y}</option>)}
            </select>
          </div>
          <p class="ars-updated" data-testid="updated-at">
            {loading ? 'Mise à jour…' : shown ? <>Mis à jour à <time dateTime={shown.loadedAt}>{time(shown.loadedAt, zone)}</time>{zoneNote(zone)}</> : ''}
          </p>
          <Button variant="secondary" busy={loading} onClick={() => void reload(year)}>Actualiser</Button>
        </div>
      </div>

      <div role="status" class="ars-status">{message && <p class="alert alert--success">{message}</p>}</div>
      {shown && shown.failures.length > 0 && (
        <Alert>Une partie du tableau de bord n’a pas pu être chargée : {shown.failures.join(' ')}</Alert>
      )}

      {!shown ? (
        <p class="loading">Chargement des données {year}…</p>
      ) : (
        <>
          <Totals year={year} totals={totals} />
          <EnvelopeSection year={year} region={shown.budget?.region} onEdit={() => { setMessage(undefined); setEditing({ kind: 'envelope', year, currentCents: shown.budget?.envelopeCents ?? null, buyer: shown.budget?.buyer ?? null }); }} />
          <StatementsSummarySection year={year} envelopeCents={shown.budget?.envelopeCents} refresh={shown.loadedAt} />
          <AllocationsSection
            year={year}
            budget={shown.budget}
            structures={shown.structures}
            onEdit={(row) => { setMessage(undefined); setEditing({ kind: 'allocation', year, ...row }); }}
          />
          <MonthlySection year={year} report={shown.usage.month} />
          <BreakdownsSection year={year} usage={shown.usage} />
          <AccessSection year={year} refresh={shown.loadedAt} />
          <QualificationsSection refresh={shown.loadedAt} />
          <TariffsSection />
          <Downloads year={year} />
          <AuditSection year={year} zone={zone} entries={shown.audit} structures={shown.structures} />
        </>
      )}
      <AmountDialog target={editing} onClose={() => setEditing(undefined)} onSaved={saved} />
    </div>
  );
}

function Totals({ year, totals }: { year: number; totals: UsageReport['totals'] | undefined }) {
  return (
    <section class="ars-card" aria-labelledby="ars-totals-title">
      <h2 id="ars-totals-title">Activité {year}</h2>
      {!totals ? (
        <p>Les totaux n’ont pas pu être chargés.</p>
      ) : (
        <dl class="ars-totals" data-testid="usage-totals">
          <div><dt>Séances facturées</dt><dd data-testid="total-sessions">{integer(totals.sessions)}</dd></div>
          <div><dt>Heures d’interprétariat</dt><dd data-testid="total-minutes">{hours(totals.minutes)}</dd></div>
          <div><dt>Coût</dt><dd data-testid="total-cost">{euros(totals.costCents)}</dd></div>
          <div><dt>Structures actives</dt><dd data-testid="total-structures">{integer(totals.structures)}</dd></div>
        </dl>
      )}
      {totals && <p class="hint">Séances facturées : réalisées (patient absent compris) et annulées tardivement. Les demandes pourvues, plus bas, comptent aussi les séances à venir et celles annulées sans frais.</p>}
    </section>
  );
}

const CSV_GROUPS: Array<{ group: UsageGroup | 'department'; label: string }> = [
  { group: 'structure', label: 'par structure' },
  { group: 'month', label: 'par mois' },
  { group: 'language', label: 'par langue' },
  { group: 'modality', label: 'par modalité' },
  { group: 'structureType', label: 'par type de structure' },
  { group: 'department', label: 'par département' },
];

function Downloads({ year }: { year: number }) {
  return (
    <section class="ars-card" aria-labelledby="ars-downloads-title">
      <h2 id="ars-downloads-title">Téléchargements</h2>
      <p class="hint">Fichiers CSV séparés par des points-virgules, lisibles par Excel et LibreOffice.</p>
      <ul class="ars-downloads" data-testid="csv-links">
        <li>
          <a href={budgetCsvHref(year)} download={`budget-${year}.csv`}>Budget {year} par structure (CSV)</a>
        </li>
        {CSV_GROUPS.map(({ group, label }) => (
          <li key={group}>
            <a href={usageCsvHref(year, group)} download={`usage-${year}-${group}.csv`}>Activité {year} {label} (CSV)</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
