import { structureSummaries } from '../directory/structures';
import { publish } from '../notify/events';
import { onRecorded } from './ledger';

/**
 * Tells the auditors' dashboards that usage changed, a moment after it is recorded (a burst of
 * completions makes one event per region, to that region's auditors). Only years and structure ids
 * travel: never anything about a patient.
 */
export function announceUsage(options: { delayMs?: number } = {}): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const years = new Set<number>();
  const structureIds = new Set<string>();
  const flush = async () => {
    timer = undefined;
    if (stopped) return;
    const sorted = [...years].sort();
    const ids = [...structureIds];
    years.clear();
    structureIds.clear();
    const regionOf = new Map((await structureSummaries()).map((s) => [s.id, s.region]));
    const byRegion = new Map<string, string[]>();
    for (const id of ids) {
      const region = regionOf.get(id);
      if (region) byRegion.set(region, [...(byRegion.get(region) ?? []), id]);
    }
    for (const [region, list] of byRegion) publish({ to: { role: 'auditor', region }, name: 'usage:recorded', payload: { years: sorted, structureIds: list.sort() } });
  };
  onRecorded((entries) => {
    if (stopped) return;
    for (const entry of entries) {
      years.add(Number(entry.day.slice(0, 4)));
      structureIds.add(entry.structureId);
    }
    timer ??= setTimeout(() => void flush().catch(() => undefined), options.delayMs ?? 1000);
  });
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
