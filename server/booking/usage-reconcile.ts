import { entriesFor, type BilledTransition } from '../billing/charges';
import { ledgerKeys, recordEntries, type NewEntry } from '../billing/ledger';
import { RequestModel, type RequestDoc } from './store';

/**
 * Finds finished requests whose usage never reached the ledger (a process killed between a request's
 * transition and its ledger insert) and, with `fix`, records it: the entries are the same ones the
 * transition would have written, under the same keys, so running this twice records nothing twice.
 * Only requests that no longer change are checked: completed and never corrected, or cancelled.
 */
export async function reconcileUsage(options: { fix: boolean }): Promise<{ checked: number; missing: NewEntry[] }> {
  const keys = await ledgerKeys();
  const missing: NewEntry[] = [];
  let checked = 0;
  for await (const doc of RequestModel.find({ status: { $in: ['completed', 'cancelled'] } }).lean<RequestDoc>().cursor()) {
    if (doc.status === 'completed' && (doc.corrections ?? 0) > 0) continue;
    checked += 1;
    const transition: BilledTransition = doc.status === 'completed' ? 'complete' : 'cancel';
    missing.push(...entriesFor(transition, doc).filter((entry) => !keys.has(entry.key)));
  }
  if (options.fix && missing.length > 0) await recordEntries(missing);
  return { checked, missing };
}
