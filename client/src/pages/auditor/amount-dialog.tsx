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
  | { kind: 'envelope'; year: number; currentCents: number | null; region?: { code: string; name: string }; buyer?: Buyer | null };

/** The ARS as the buyer on the agencies' invoices (Chorus Pro), set with the envelope. */
export interface Buyer { name: string; siret: string; serviceCode?: string | undefined; engagementNumber?: string | undefined }
const BUYER_FIELDS = [
  ['name', 'Nom de l’ARS (acheteur sur les factures)', 'Par exemple ARS Auvergne-Rhône-Alpes'],
  ['siret', 'SIRET de l’ARS', '14 chiffres'],
  ['serviceCode', 'Code service Chorus Pro', 'Facultatif, si l’ARS en exige un'],
  ['engagementNumber', 'Numéro d’engagement', 'Facultatif, si l’ARS en exige un'],
] as const;
type BuyerTexts = Record<(typeof BUYER_FIELDS)[number][0], string>;

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
  const [buyer, setBuyer] = useState<BuyerTexts>(() => ({
    name: target.kind === 'envelope' ? target.buyer?.name ?? '' : '',
    siret: target.kind === 'envelope' ? target.buyer?.siret ?? '' : '',
    serviceCode: target.kind === 'envelope' ? target.buyer?.serviceCode ?? '' : '',
    engagementNumber: target.kind === 'envelope' ? target.buyer?.engagementNumber ?? '' : '',
  }));
  const [buyerErrors, setBuyerErrors] = useState<Partial<BuyerTexts>>({});
  /** The buyer as the body takes it: none when every field is empty (the stored one is kept). */
  const buyerBody = (): Buyer | undefined => {
    const t = Object.fromEntries(Object.entries(buyer).map(([k, v]) => [k, v.trim()])) as BuyerTexts;
    if (!t.name && !t.siret && !t.serviceCode && !t.engagementNumber) return undefined;
    return { name: t.name, siret: t.siret.replace(/\s/g, ''), ...(t.serviceCode ? { serviceCode: t.serviceCode } : {}), ...(t.engagementNumber ? { engagementNumber: t.engagementNumber } : {}) };
  };

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
      // An administrator names the region; an auditor's is their own. The buyer goes with the envelope.
      const envelope = target.kind === 'envelope' ? { ...(target.region ? { region: target.region.code } : {}), ...(buyerBody() ? { buyer: buyerBody() } : {}) } : {};
      await put(path, { amountCents, ...envelope });
      onSaved(target, amountCents);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const fields = fromServer(caught.details);
        const onBuyer = Object.fromEntries(BUYER_FIELDS.flatMap(([key]) => (fields[`buyer.${key}`] ? [[key, fields[`buyer.${key}`]]] : []))) as Partial<BuyerTexts>;
        setBuyerErrors(onBuyer);
        if (fields.amountCents) setError(fields.amountCents);
        else if (Object.keys(onBuyer).length === 0) setFailure(caught.message);
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
      {target.kind === 'envelope' && (
        <fieldset class="stack">
          <legend>L’ARS sur les factures des agences (Chorus Pro)</legend>
          {BUYER_FIELDS.map(([key, label, hint]) => (
            <Field key={key} label={label} error={buyerErrors[key]} hint={hint}>
              {({ id, describedBy, invalid }) => (
                <input id={id} type="text" autoComplete="off" value={buyer[key]} onInput={(e) => setBuyer({ ...buyer, [key]: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid} />
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <div class="ars-actions">
        <Button type="submit" busy={busy}>Enregistrer</Button>
        <Button variant="secondary" onClick={onClose}>Annuler</Button>
      </div>
    </form>
  );
}
