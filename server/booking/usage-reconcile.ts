import { entriesFor, type BilledTransition } from '../billing/charges';
import { ledgerKeys, recordEntries, type NewEntry } from '../billing/ledger';
import { requests, type RequestDoc } from './store';

/**
 * The request as the transition that billed it left it: ledger keys carry that version, and later
 * changes (a confirmation, a rating, a problem reported) bill nothing.
 */
export function asBilled(doc: RequestDoc, transition: BilledTransition): RequestDoc {
  return { ...doc, version: doc.history?.findLast((change) => change.event === transition)?.version ?? doc.version };
}

/**
 * Finds finished requests whose usage never reached the ledger (a process killed between a request's
 * transition and its ledger insert) and, with `fix`, records it: the entries are the same ones the
 * transition would have written, under the same keys, so running this twice records nothing twice.
 * Only requests whose billing no longer changes are checked: completed and never corrected, or cancelled;
 * each under the version its completion or cancellation made (verification, ratings and problems come after).
 */
export async function reconcileUsage(options: { fix: boolean }): Promise<{ checked: number; missing: NewEntry[] }> {
  const keys = await ledgerKeys();
  const missing: NewEntry[] = [];
  let checked = 0;
  for await (const doc of requests.eachWithStatus(['completed', 'cancelled'])) {
    if (doc.status === 'completed' && (doc.corrections ?? 0) > 0) continue;
    checked += 1;
    const transition: BilledTransition = doc.status === 'completed' ? 'complete' : 'cancel';
    missing.push(...entriesFor(transition, asBilled(doc, transition)).filter((entry) => !keys.has(entry.key)));
  }
  if (options.fix && missing.length > 0) await recordEntries(missing);
  return { checked, missing };
}
