import { REGIONS } from '../../shared/regions';
import type { RegionLine, RegionsReport } from '../../shared/reports';
import { budgetReport } from '../billing/budget';
import { scopedUsageReport } from '../billing/reports';
import { structureSummaries } from '../directory/structures';
import { singleFlight } from '../platform/single-flight';
import { countAccess } from './access-count';
import { yearFacts } from './access-facts';

// The national view: each region's usage, budget and unmet demand side by side, each figure the very one
// that region's auditor reads in their own reports.

export function regionsReport(year: number, now = new Date()): Promise<RegionsReport> {
  return singleFlight(`regions:${year}`, async () => {
    const [facts, structures] = await Promise.all([yearFacts(year), structureSummaries()]);
    const regions: RegionLine[] = [];
    for (const region of REGIONS) {
      const scope = { region: region.code };
      const [usage, budget] = await Promise.all([scopedUsageReport(scope, { year, groupBy: 'month' }), budgetReport(region.code, year, now)]);
      const access = countAccess(year, 'month', facts.values(), scope, structures).totals;
      regions.push({
        code: region.code,
        name: region.name,
        structures: structures.filter((s) => s.region === region.code).length,
        usage: { sessions: usage.totals.sessions, minutes: usage.totals.minutes, costCents: usage.totals.costCents },
        budget: budget.region!,
        access: { requests: access.requests, filled: access.filled, unfilled: access.unfilled, fillRate: access.fillRate },
      });
    }
    return { year, regions };
  });
}
