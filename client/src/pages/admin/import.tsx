import { useId, useState } from 'preact/hooks';
import { ApiError, postFile } from '../../api';
import { Alert, Button } from '../../components/ui';

// "Importer": choose a CSV file, see every row and its errors (nothing written), then import all of it
// or nothing. The server reads the file's bytes (UTF-8 or Windows-1252, as spreadsheets save them); the
// page only shows what it answers.

interface Problem {
  row?: number;
  column?: string;
  message: string;
}
interface Report {
  dryRun: boolean;
  counts: { rows: number; valid: number; invalid: number; created: number };
  rows: Array<{ row: number; values: Record<string, unknown>; errors: Array<{ column: string; message: string }> }>;
  problems: Problem[];
}

interface Props {
  kind: 'structures' | 'interpreters';
  /** The columns of the file, as the documentation names them. */
  columns: string;
  /** What the columns' list cannot say: an optional column's format. */
  note?: string;
  /** How a row reads in the preview. */
  describe: (values: Record<string, unknown>) => string;
  onImported: () => void;
}

const NOUN = { structures: ['structure', 'structures'], interpreters: ['interprète', 'interprètes'] } as const;

export function ImportPanel({ kind, columns, note, describe, onImported }: Props) {
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState<File>();
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<Report>();
  const [done, setDone] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const noun = (n: number) => `${n} ${NOUN[kind][n > 1 ? 1 : 0]}`;

  const send = async (file: File, dryRun: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await postFile<Report>(`/api/imports/${kind}${dryRun ? '?dryRun=true' : ''}`, file, 'text/csv');
      setReport(answer);
      if (!dryRun) {
        const plural = answer.counts.created > 1 ? 's' : '';
        setDone(kind === 'structures' ? `${noun(answer.counts.created)} importée${plural}.` : `${noun(answer.counts.created)} importé·e${plural} ; chacun·e reçoit une invitation par e-mail.`);
        setCsv(undefined);
        onImported();
      }
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };

  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setReport(undefined);
    setDone(undefined);
    if (!file) return;
    setFileName(file.name);
    setCsv(file);
    await send(file, true);
  };

  if (!open) return <Button variant="secondary" onClick={() => setOpen(true)}>Importer un fichier CSV</Button>;
  const errorsOf = (row: number) => report?.rows.find((r) => r.row === row)?.errors ?? [];
  const fileProblems = report?.problems.filter((p) => !p.row || !report.rows.some((r) => r.row === p.row)) ?? [];
  return (
    <section class="panel import" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Importer des {NOUN[kind][1]}</h2>
      <p class="hint">Un fichier CSV comme l’enregistre un tableur (séparateur point-virgule ; « CSV UTF-8 » ou « CSV (séparateur : point-virgule) » d’Excel), la première ligne donnant les colonnes : <code>{columns}</code>. Rien n’est écrit avant votre confirmation, et rien du tout si une ligne a une erreur.</p>
      {note && <p class="hint">{note}</p>}
      <div class="field">
        <label for={inputId}>Fichier CSV</label>
        <input id={inputId} type="file" accept=".csv,text/csv" onChange={choose} />
      </div>
      <div aria-live="polite">
        {busy && <p role="status">Lecture de {fileName}…</p>}
        {done && <Alert kind="success">{done}</Alert>}
        {report?.dryRun && report.problems.length === 0 && <Alert kind="info">{fileName} : {noun(report.counts.rows)} à créer, aucune erreur.</Alert>}
        {report?.dryRun && report.problems.length > 0 && (
          <Alert>{fileName} : {report.problems.length} erreur{report.problems.length > 1 ? 's' : ''} sur {report.counts.invalid} ligne{report.counts.invalid > 1 ? 's' : ''} ({noun(report.counts.valid)} sans erreur). Rien ne sera importé tant que le fichier n’est pas corrigé.</Alert>
        )}
      </div>
      {failure && <Alert>{failure}</Alert>}
      {fileProblems.length > 0 && <ul class="import-problems">{fileProblems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>}
      {report?.dryRun && report.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Aperçu de l’import">
          <table class="import-preview">
            <caption>Aperçu : chaque ligne du fichier</caption>
            <thead><tr><th scope="col">Ligne</th><th scope="col">{kind === 'structures' ? 'Structure' : 'Interprète'}</th><th scope="col">Erreurs</th></tr></thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row} class={errorsOf(r.row).length > 0 ? 'import-row--invalid' : undefined} data-row={r.row}>
                  <th scope="row">{r.row}</th>
                  <td>{describe(r.values)}</td>
                  <td>{r.errors.length === 0 ? 'OK' : <ul>{r.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        {csv && report?.dryRun && report.problems.length === 0 && (
          <Button busy={busy} onClick={() => send(csv, false)}>Importer {noun(report.counts.rows)}</Button>
        )}
        <Button variant="secondary" onClick={() => { setOpen(false); setReport(undefined); setDone(undefined); setCsv(undefined); }}>Fermer</Button>
      </div>
    </section>
  );
}
