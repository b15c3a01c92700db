import { useState } from 'preact/hooks';
import { statementRejectBody } from 'virtual:validators';
import { ApiError } from '../../api';
import { Alert, Button, Dialog, Field } from '../../components/ui';
import { check } from '../../validation';
import { rejectStatement, type StatementDetail } from '../statements/data';

/** The reason a statement is refused, required and checked with the server's own schema, in a modal. */
export function RejectDialog({ statement, title, onClose, onRejected, onConflict }: {
  statement: StatementDetail | undefined;
  title: string;
  onClose: () => void;
  onRejected: () => void;
  onConflict: () => void;
}) {
  return (
    <Dialog title={title} open={statement !== undefined} onClose={onClose}>
      {statement && <RejectForm statement={statement} onClose={onClose} onRejected={onRejected} onConflict={onConflict} />}
    </Dialog>
  );
}

function RejectForm({ statement, onClose, onRejected, onConflict }: { statement: StatementDetail; onClose: () => void; onRejected: () => void; onConflict: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = reason.trim();
    const errors = check(statementRejectBody, { reason: text });
    if (!text || errors.reason) {
      setError(!text ? 'Indiquez le motif du refus : l’agence le lira pour corriger son relevé.' : errors.reason);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await rejectStatement(statement.id, text);
      onRejected();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) onConflict();
      else setFailure(caught instanceof ApiError ? caught.message : 'Erreur inattendue : réessayez.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      {failure && <Alert>{failure}</Alert>}
      <Field label="Motif du refus" error={error} hint="L’agence le lit avec le relevé : dites ce qu’elle doit corriger.">
        {({ id, describedBy, invalid }) => (
          <textarea id={id} class="statement-reason-input" rows={4} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required autoFocus />
        )}
      </Field>
      <div class="ars-actions">
        <Button type="submit" variant="danger" busy={busy}>Refuser le relevé</Button>
        <Button variant="secondary" onClick={onClose}>Annuler</Button>
      </div>
    </form>
  );
}
