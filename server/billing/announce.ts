import { publish } from '../notify/events';
import { onRecorded } from './ledger';

/**
 * Tells the auditors' dashboards that usage changed, a moment after it is recorded (a burst of
 * completions makes one event). Only years and structure ids travel: never anything about a patient.
 */
export function announceUsage(options: { delayMs?: number } = {}): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const years = new Set<number>();
  const structureIds = new Set<string>();
  const flush = () => {
    timer = undefined;
    if (stopped) return;
    publish({ to: { role: 'auditor' }, name: 'usage:recorded', payload: { years: [...years].sort(), structureIds: [...structureIds].sort() } });
    years.clear();
    structureIds.clear();
  };
  onRecorded((entries) => {
    if (stopped) return;
    for (const entry of entries) {
      years.add(Number(entry.day.slice(0, 4)));
      structureIds.add(entry.structureId);
    }
    timer ??= setTimeout(flush, options.delayMs ?? 1000);
  });
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
