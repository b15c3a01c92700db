import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../../api';
import { Alert, Button, NoticeArea, useNotice } from '../../components/ui';
import { navigate, useRoute } from '../../router';
import { approveStatement, invoiceHref, linesCsvHref, listStatements, loadStatement, monthLabel, recentMonths, type InvoiceLines, type StatementDetail, type StatementSummary } from '../statements/data';
import { downloadFile, DownloadRefused } from '../statements/download';
import { StatementRows } from '../statements/month-list';
import { StatementLines, StatementState, StatementTotals } from '../statements/statement-view';
import { RejectDialog } from './reject-dialog';

// The agencies' monthly statements for the auditor's region: a month's, by agency, with their status;
// one opened with its lines, approved or refused with a reason, its invoice and lines downloaded.

const MONTHS_SHOWN = 13;
const failureText = (error: unknown) => (error instanceof ApiError ? error.message : 'Une erreur est survenue. Réessayez.');

export function AuditorStatementsPage() {
  const { params } = useRoute();
  const id = params.get('id') ?? undefined;
  const months = recentMonths(MONTHS_SHOWN);
  const month = params.get('mois') ?? months[1]!;
  const agencyId = params.get('agence') ?? '';
  const { notice, show } = useNotice();
  const [agencies, setAgencies] = useState<Array<{ id: string; name: string }>>([]);
  const [statements, setStatements] = useState<{ key: string; list: StatementSummary[] }>();
  const [failure, setFailure] = useState<string>();
  const monthId = useId();
  const agencyFieldId = useId();
  const key = `${month}:${agencyId}`;

  useEffect(() => void get<Array<{ id: string; name: string }>>('/api/agencies').then(setAgencies, () => undefined), []);
  // The latest choice's answer only: an earlier month's, arriving after it, is dropped.
  const latest = useRef(key);
  latest.current = key;
  const reload = useCallback(() => {
    setFailure(undefined);
    listStatements(month, agencyId || undefined).then(
      (list) => latest.current === key && setStatements({ key, list }),
      (error) => latest.current === key && setFailure(failureText(error)),
    );
  }, [key]);
  // Read again on every return to the list: an agency may have sent its statement meanwhile.
  useEffect(() => {
    if (!id) reload();
  }, [reload, id]);

  const agencyName = (s: StatementSummary) => agencies.find((a) => a.id === s.agencyId)?.name ?? 'Agence';
  const choose = (next: { mois?: string; agence?: string }) => {
    show(undefined);
    navigate('/releves', { mois: next.mois ?? month, agence: (next.agence ?? agencyId) || undefined });
  };
  const shown = statements?.key === key ? statements.list : undefined;

  return (
    <div class="ars statement-page">
      <h1>Relevés des agences</h1>
      <NoticeArea notice={notice} />
      {id ? (
        <OpenStatement key={id} id={id} agencyName={(s) => agencyName(s)} onChanged={(text) => show({ kind: 'success', text })} onFailure={(text) => show({ kind: 'error', text })} />
      ) : (
        <section class="ars-card" aria-labelledby="agency-statements-title">
          <h2 id="agency-statements-title">Relevés de {monthLabel(month)}</h2>
          <div class="ars-inline-form">
            <div class="field">
              <label for={monthId}>Mois</label>
              <select id={monthId} value={month} onChange={(e) => choose({ mois: e.currentTarget.value })}>
                {months.map((m, i) => <option key={m} value={m}>{monthLabel(m)}{i === 0 ? ' (en cours)' : ''}</option>)}
              </select>
            </div>
            <div class="field">
              <label for={agencyFieldId}>Agence</label>
              <select id={agencyFieldId} value={agencyId} onChange={(e) => choose({ agence: e.currentTarget.value })}>
                <option value="">Toutes les agences</option>
                {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </select>
            </div>
          </div>
          {failure && <Alert>{failure}</Alert>}
          {!shown ? (!failure && <p class="loading">Chargement des relevés…</p>)
            : shown.length === 0 ? <p>Aucune séance facturée en {monthLabel(month)}{agencyId ? ' par cette agence' : ''}.</p>
            : <StatementRows caption={`Relevés de ${monthLabel(month)} par agence`} statements={shown} first={agencyName} firstHeader="Agence" testId="agency-statements" />}
        </section>
      )}
    </div>
  );
}

function OpenStatement({ id, agencyName, onChanged, onFailure }: { id: string; agencyName: (s: StatementSummary) => string; onChanged: (text: string) => void; onFailure: (text: string) => void }) {
  const [statement, setStatement] = useState<StatementDetail>();
  const [missing, setMissing] = useState<string>();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<InvoiceLines>('structure');
  const reload = () => loadStatement(id).then(setStatement, (error) => setMissing(failureText(error)));
  useEffect(() => void reload(), [id]);

  const decided = (text: string) => {
    setRejecting(false);
    onChanged(text);
    void reload();
  };
  const approve = async () => {
    if (!statement) return;
    setBusy(true);
    try {
      await approveStatement(statement.id);
      decided(`Le relevé de ${monthLabel(statement.month)} de ${agencyName(statement)} est approuvé.`);
    } catch (error) {
      onFailure(error instanceof ApiError && error.status === 409 ? 'Le relevé a changé entre-temps : il est rechargé.' : failureText(error));
      void reload();
    } finally {
      setBusy(false);
    }
  };

  const back = <p><a href="#/releves" onClick={(e) => { e.preventDefault(); navigate('/releves', statement ? { mois: statement.month } : undefined); }}>← Tous les relevés</a></p>;
  if (missing) return <>{back}<Alert>{missing}</Alert></>;
  if (!statement) return <>{back}<p class="loading">Chargement du relevé…</p></>;
  const title = `Relevé de ${monthLabel(statement.month)} : ${agencyName(statement)}`;
  return (
    <section class="ars-card" aria-labelledby="statement-title" data-testid="statement" data-statement-id={statement.id}>
      {back}
      <h2 id="statement-title">{title}</h2>
      <StatementState statement={statement} />
      <StatementTotals statement={statement} />
      {statement.status === 'submitted' && (
        <div class="ars-actions">
          <Button busy={busy} onClick={() => void approve()}>Approuver</Button>
          <Button variant="danger" onClick={() => setRejecting(true)}>Refuser</Button>
        </div>
      )}
      <Downloads statement={statement} lines={lines} onLines={setLines} onFailure={onFailure} />
      <StatementLines statement={statement} />
      <RejectDialog statement={rejecting ? statement : undefined} title={`Refuser le ${title.charAt(0).toLowerCase()}${title.slice(1)}`} onClose={() => setRejecting(false)}
        onRejected={() => decided(`Le relevé de ${monthLabel(statement.month)} de ${agencyName(statement)} est refusé : l’agence est invitée à le corriger.`)}
        onConflict={() => { setRejecting(false); onFailure('Le relevé a changé entre-temps : il est rechargé.'); void reload(); }} />
    </section>
  );
}

function Downloads({ statement, lines, onLines, onFailure }: { statement: StatementDetail; lines: InvoiceLines; onLines: (lines: InvoiceLines) => void; onFailure: (text: string) => void }) {
  const link = (href: string, filename: string, label: string) => (
    <a href={href} download={filename} onClick={(e) => {
      e.preventDefault();
      downloadFile(href, filename).catch((error) => onFailure(error instanceof DownloadRefused ? error.message : 'Le téléchargement a échoué. Réessayez.'));
    }}>{label}</a>
  );
  return (
    <div class="ars-details" data-testid="statement-downloads">
      <h3>Téléchargements</h3>
      {statement.status === 'approved' ? (
        <fieldset class="statement-choice">
          <legend>Lignes de la facture</legend>
          <label><input type="radio" name="invoice-lines" value="structure" checked={lines === 'structure'} onChange={() => onLines('structure')} /> une ligne par structure</label>
          <label><input type="radio" name="invoice-lines" value="modality" checked={lines === 'modality'} onChange={() => onLines('modality')} /> une ligne par modalité</label>
        </fieldset>
      ) : <p class="hint">La facture se télécharge une fois le relevé approuvé.</p>}
      <ul class="ars-downloads">
        {statement.status === 'approved' && (
          <>
            <li>{link(invoiceHref(statement.id, 'pdf', lines), `facture-${statement.month}.pdf`, 'Facture (PDF Factur-X)')}</li>
            <li>{link(invoiceHref(statement.id, 'xml', lines), `facture-${statement.month}.xml`, 'Facture (XML EN 16931, pour Chorus Pro)')}</li>
          </>
        )}
        <li>{link(linesCsvHref(statement.id), `releve-${statement.month}.csv`, 'Lignes du relevé (CSV)')}</li>
      </ul>
    </div>
  );
}
