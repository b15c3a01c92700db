import { useState } from 'preact/hooks';
import { amountBody } from 'virtual:validators';
import { ApiError, put } from '../../api';
import { Alert, Button, Dialog, Field } from '../../components/ui';
import { euros } from '../../format';
import { check, fromServer } from '../../validation';
import { eurosInput, parseEuros } from './data';

/** What is being edited: a structure's allocation or the region's envelope, for one year. */
export type AmountTarget =
  | { kind: 'allocation'; year: number; structureId: string; name: string; currentCents: number | null }
  | { kind: 'envelope'; year: number; currentCents: number | null; region?: { code: string; name: string } };

const MAX_CENTS = 100_000_000_000;

export function targetTitle(target: AmountTarget): string {
  if (target.kind === 'allocation') return `Allocation ${target.year} : ${target.name}`;
  return target.region ? `Enveloppe ${target.year} : ${target.region.name}` : `Enveloppe régionale ${target.year}`;
}

interface Props {
  target: AmountTarget | undefined;
  onClose: () => void;
  /** Called after the server accepted the amount. */
  onSaved: (target: AmountTarget, amountCents: number) => void;
}

/** A modal form for one amount in euros, checked with the server's own schema, saved in cents. */
export function AmountDialog({ target, onClose, onSaved }: Props) {
  return (
    <Dialog title={target ? targetTitle(target) : ''} open={target !== undefined} onClose={onClose}>
      {target && <AmountForm key={target.kind === 'envelope' ? 'envelope' : target.structureId} target={target} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function AmountForm({ target, onClose, onSaved }: { target: AmountTarget; onClose: () => void; onSaved: Props['onSaved'] }) {
  const [text, setText] = useState(() => eurosInput(target.currentCents));
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const amountCents = parseEuros(text);
    if (amountCents === undefined) {
      setError(text.trim() === '' ? 'Ce champ est obligatoire.' : 'Montant illisible : par exemple 12 500 ou 12 500,50.');
      return;
    }
    const errors = check(amountBody, { amountCents });
    if (errors.amountCents) {
      // The schema speaks in cents: say the limits in euros.
      setError(amountCents < 0 ? 'Le montant ne peut pas être négatif.' : amountCents > MAX_CENTS ? `Au maximum ${euros(MAX_CENTS)}.` : errors.amountCents);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const path = target.kind === 'envelope' ? `/api/envelopes/${target.year}` : `/api/allocations/${target.year}/${encodeURIComponent(target.structureId)}`;
      // An administrator names the region; an auditor's is their own.
      await put(path, target.kind === 'envelope' && target.region ? { amountCents, region: target.region.code } : { amountCents });
      onSaved(target, amountCents);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const fields = fromServer(caught.details);
        if (fields.amountCents) setError(fields.amountCents);
        else setFailure(caught.message);
      } else {
        setFailure('Erreur inattendue : réessayez.');
      }
    } finally {
      setBusy(false);
    }
  };

  const label = target.kind === 'envelope' ? `Montant de l’enveloppe ${target.year} (en euros)` : `Allocation ${target.year} (en euros)`;
  const current = target.currentCents === null ? 'aucun montant fixé' : euros(target.currentCents);
  return (
    <form onSubmit={submit} noValidate class="ars-amount-form">
      {failure && <Alert>{failure}</Alert>}
      <Field label={label} error={error} hint={`Actuellement : ${current}. Par exemple 12 500 ou 12 500,50.`}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            name="amount"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            required
            autoFocus
          />
        )}
      </Field>
      <div class="ars-actions">
        <Button type="submit" busy={busy}>Enregistrer</Button>
        <Button variant="secondary" onClick={onClose}>Annuler</Button>
      </div>
    </form>
  );
}
