import { useId, useMemo } from 'preact/hooks';
import { Empty } from '../../components/ui';
import { dateTime, euros } from '../../format';
import { AUDIT_LIMIT, type AuditEntry, type Structure } from './data';

// Who changed which budget figure, when, from what to what (newest first, as the server sends them).

function amount(value: unknown): string {
  if (value === null || value === undefined) return 'aucun';
  if (typeof value === 'number') return euros(value);
  if (typeof value === 'object' && 'validFrom' in value) return `grille du ${String((value as { validFrom: unknown }).validFrom)}`;
  // An envelope set with the ARS as the invoices' buyer.
  if (typeof value === 'object' && 'amountCents' in value) {
    const { amountCents, buyer } = value as { amountCents: number; buyer?: { name?: string } };
    return buyer?.name ? `${euros(amountCents)}, acheteur : ${buyer.name}` : euros(amountCents);
  }
  return String(value);
}

function subject(entry: AuditEntry, names: Map<string, string>): string {
  switch (entry.entity) {
    case 'envelope':
      return `Enveloppe régionale ${entry.year ?? entry.entityId}`;
    case 'allocation':
      return `Allocation ${entry.year ?? ''} : ${names.get(entry.entityId) ?? `structure ${entry.entityId}`}`;
    case 'tariff':
      return `Tarif de l’agence ${entry.entityId}`;
  }
}

/** `zone`: the auditor's region's, in which the dates are written (named when not Paris's). */
export function AuditSection({ year, zone, entries, structures }: { year: number; zone: string; entries: AuditEntry[] | undefined; structures: Structure[] | undefined }) {
  const captionId = useId();
  const names = useMemo(() => new Map((structures ?? []).map((s) => [s.id, s.name])), [structures]);
  return (
    <section class="ars-card" aria-labelledby="ars-audit-title">
      <h2 id="ars-audit-title">Historique des modifications</h2>
      {!entries ? (
        <p>L’historique n’a pas pu être chargé.</p>
      ) : entries.length === 0 ? (
        <Empty>Aucune modification du budget {year}.</Empty>
      ) : (
        <div class={`ars-table-wrap${entries.length > 15 ? ' ars-table-wrap--tall' : ''}`} tabIndex={0} role="region" aria-labelledby={captionId}>
          <table class="ars-table ars-audit" data-testid="audit-table">
            <caption id={captionId}>
              Modifications de l’enveloppe et des allocations {year}, les plus récentes d’abord
              {entries.length >= AUDIT_LIMIT ? ` (les ${AUDIT_LIMIT} dernières)` : ` (${entries.length})`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Par</th>
                <th scope="col">Objet</th>
                <th scope="col" class="ars-num">Avant</th>
                <th scope="col" class="ars-num">Après</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td><time dateTime={e.at}>{dateTime(e.at, zone)}</time></td>
                  <td>{e.byName}</td>
                  <th scope="row">{subject(e, names)}</th>
                  <td class="ars-num">{amount(e.before)}</td>
                  <td class="ars-num"><span aria-hidden="true">→ </span>{amount(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
