import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Alert, Button, Dialog, NoticeArea, useNotice } from '../../components/ui';
import { euros, integer } from '../../format';
import { navigate, useRoute } from '../../router';
import { currentMonth, listStatements, loadStatement, monthLabel, payableCents, recentMonths, submitStatement, type StatementDetail, type StatementSummary } from '../statements/data';
import { monthOf, StatementRows } from '../statements/month-list';
import { StatementLines, StatementState, StatementTotals } from '../statements/statement-view';

// The agency's monthly statements: the last six months with their status, one opened with its lines,
// and sent to the region ("Transmettre") once checked; a refused one is corrected and sent again.

/** Each month's draft is computed from its ledger on every read (about half a second a month): six, not a year. */
const MONTHS_SHOWN = 6;

export function DispatcherStatementsPage() {
  const { params } = useRoute();
  const id = params.get('id') ?? undefined;
  const { notice, show } = useNotice();
  const [months, setMonths] = useState<StatementSummary[]>();
  const [failure, setFailure] = useState<string>();

  const sequence = useRef(0);
  const reloadMonths = useCallback(async () => {
    const mine = ++sequence.current;
    const results = await Promise.allSettled(recentMonths(MONTHS_SHOWN).map((month) => listStatements(month)));
    if (mine !== sequence.current) return;
    setMonths(results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    setFailure(failed ? (failed.reason instanceof ApiError ? failed.reason.message : 'Une erreur est survenue. Réessayez.') : undefined);
  }, []);
  // Read again on every return to the list: the region may have decided meanwhile.
  useEffect(() => {
    if (!id) void reloadMonths();
  }, [reloadMonths, id]);

  return (
    <div class="ars statement-page">
      <h1>Relevés mensuels</h1>
      <NoticeArea notice={notice} />
      {id ? (
        <OpenStatement key={id} id={id} onChanged={(text) => show({ kind: 'success', text })} onFailure={(text) => show({ kind: 'error', text })} />
      ) : (
        <section class="ars-card" aria-labelledby="statement-months-title">
          <h2 id="statement-months-title">Les {MONTHS_SHOWN} derniers mois</h2>
          <p class="hint">Chaque mois, l’agence transmet à l’ARS le relevé de ses séances facturées ; l’ARS l’approuve, ou le refuse en disant pourquoi.</p>
          {failure && <Alert>{failure}</Alert>}
          {!months ? <p class="loading">Chargement des relevés…</p>
            : months.length === 0 ? <p>Aucune séance facturée ces {MONTHS_SHOWN} derniers mois.</p>
            : <StatementRows caption="Relevés de l’agence, du plus récent au plus ancien" statements={months} first={monthOf} firstHeader="Mois" testId="statement-months" />}
        </section>
      )}
    </div>
  );
}

function OpenStatement({ id, onChanged, onFailure }: { id: string; onChanged: (text: string) => void; onFailure: (text: string) => void }) {
  const [statement, setStatement] = useState<StatementDetail>();
  const [missing, setMissing] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadStatement(id).then(setStatement, (error) => setMissing(error instanceof ApiError ? error.message : 'Une erreur est survenue. Réessayez.'));
  }, [id]);

  const submit = async () => {
    if (!statement) return;
    setBusy(true);
    try {
      await submitStatement(statement.id);
      setConfirming(false);
      onChanged(`Le relevé de ${monthLabel(statement.month)} est transmis à l’ARS.`);
    } catch (error) {
      setConfirming(false);
      onFailure(error instanceof ApiError && error.status === 409 ? 'Le relevé a changé entre-temps (transmis ou décidé ailleurs) : il est rechargé.' : error instanceof ApiError ? error.message : 'Une erreur est survenue. Réessayez.');
    } finally {
      setBusy(false);
      // What was stored, or what changed meanwhile.
      loadStatement(id).then(setStatement, () => undefined);
    }
  };

  const back = <p><a href="#/releves" onClick={(e) => { e.preventDefault(); navigate('/releves'); }}>← Tous les mois</a></p>;
  if (missing) return <>{back}<Alert>{missing}</Alert></>;
  if (!statement) return <>{back}<p class="loading">Chargement du relevé…</p></>;
  const open = statement.status === 'draft' || statement.status === 'rejected';
  return (
    <section class="ars-card" aria-labelledby="statement-title" data-testid="statement" data-statement-id={statement.id}>
      {back}
      <h2 id="statement-title">Relevé de {monthLabel(statement.month)}</h2>
      <StatementState statement={statement} />
      <StatementTotals statement={statement} />
      {open && (
        <div class="ars-actions">
          {statement.month === currentMonth() && <p class="hint">Le mois n’est pas terminé : transmettez son relevé une fois toutes ses séances enregistrées.</p>}
          <Button onClick={() => setConfirming(true)}>{statement.status === 'rejected' ? 'Transmettre à nouveau' : 'Transmettre le relevé'}</Button>
        </div>
      )}
      <StatementLines statement={statement} />
      <Dialog title={`Transmettre le relevé de ${monthLabel(statement.month)} ?`} open={confirming} onClose={() => setConfirming(false)}>
        <p>
          {integer(statement.totals.sessions)} séances, {euros(payableCents(statement.totals))} à payer. Une fois transmis, ses chiffres sont figés
          jusqu’à la décision de l’ARS.
        </p>
        <div class="ars-actions">
          <Button busy={busy} onClick={() => void submit()}>Transmettre</Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>Annuler</Button>
        </div>
      </Dialog>
    </section>
  );
}
