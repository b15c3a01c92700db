import { simulate, type SimulationResult } from '../../server/simulation';

// The capacity simulator's goals: a year of 2022 in under 60 s, its doubling in under 120 s on this
// 2-core machine, and the same figures twice for the same seed.

export interface SimulateBench {
  baseline: SimulationResult;
  doubled: SimulationResult;
  baselineSeconds: number;
  doubledSeconds: number;
  repeatable: boolean;
}

const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const result = run();
  return [result, (performance.now() - started) / 1000];
};

export function benchSimulate(): SimulateBench {
  const [baseline, baselineSeconds] = timed(() => simulate({ year: 2022 }));
  const [doubled, doubledSeconds] = timed(() => simulate({ year: 2022, demand: 2 }));
  const again = simulate({ year: 2022 });
  return { baseline, doubled, baselineSeconds, doubledSeconds, repeatable: JSON.stringify(again) === JSON.stringify(baseline) };
}

/** One line of figures for the table: requests, hours, cost, fill rate, medians. */
export const describeRun = (r: SimulationResult) =>
  `${r.requests.toLocaleString('en')} requests, ${r.hours.toLocaleString('en')} h, ${Math.round(r.costCents / 100).toLocaleString('en')} EUR, `
  + `fill rate ${(r.fillRate! * 100).toFixed(1)} %, median ${r.medianMinutesToAssign} min to assign (booked), ${r.medianSecondsToAssignNow} s ("now"), `
  + `${r.load.meanHoursPerWeek} h a week per interpreter (busiest ${r.load.maxHoursPerWeek})`;
