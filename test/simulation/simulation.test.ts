import { expect } from 'chai';
import { simulate, type SimulationResult } from '../../server/simulation';
import { parisHours } from '../../server/simulation/calendar';
import { demandOfYear } from '../../server/simulation/demand';
import { parsePoolCsv, PoolRefused } from '../../server/simulation/pool';
import { TARGETS } from '../../server/seed/history-year';

// The capacity simulator, pure: no database, no clock. A year takes a few seconds, so the baseline is
// run once and each lever is compared with it.

const gap = (actual: number, expected: number) => Math.abs(actual - expected) / expected;
const fillOf = (result: SimulationResult, language: string) => result.unfilledByLanguage.find((row) => row.key === language)!.fillRate!;

describe('Capacity simulator', function () {
  this.timeout(120_000);
  let baseline: SimulationResult;
  before(() => {
    baseline = simulate({ year: 2022 });
  });

  it('replays the 2022 baseline at the brief’s 12,031 hours and 632,800 EUR, each within 2 %', () => {
    expect(gap(baseline.hours, TARGETS.hours)).to.be.below(0.02);
    expect(gap(baseline.costCents, TARGETS.costCents)).to.be.below(0.02);
    expect(baseline.requests).to.be.within(19_000, 23_000);
    expect(baseline.fillRate).to.be.within(0.8, 0.95);
    expect(baseline.assumptions.map((a) => a.key)).to.include.members(['nowReachable', 'booked', 'absences']);
  });

  it('gives identical figures for the same seed, and different ones for another seed', () => {
    const a = simulate({ demand: 0.1, seed: 7 });
    const b = simulate({ demand: 0.1, seed: 7 });
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    const c = simulate({ demand: 0.1, seed: 8 });
    expect(c.costCents).to.not.equal(a.costCents);
  });

  it('draws its demand from the history generator: the shares of "now" calls and modalities', () => {
    const { requests } = demandOfYear(2022, 0.2, 2022);
    const phone = requests.filter((r) => r.modality === 'phone');
    expect(phone.filter((r) => r.immediate).length / phone.length).to.be.within(0.25, 0.4);
    expect(requests.every((r) => r.createdAt <= r.start && r.end > r.start)).to.equal(true);
  });

  it('adding interpreters of a short language raises its fill rate; removing an agency lowers the fill rate, of the languages it serves too', () => {
    // Armenian: one interpreter in the demo pool; Tigrinya: one at each agency.
    const added = simulate({ add: [{ language: 'hye', modalities: ['phone', 'video', 'onsite'], departments: ['69', '38', '42', '63'], count: 3 }] });
    expect(fillOf(added, 'hye')).to.be.above(fillOf(baseline, 'hye') + 0.1);
    const withoutAim = simulate({ removeAgency: ['aim'] });
    expect(fillOf(withoutAim, 'tir')).to.be.below(fillOf(baseline, 'tir'));
    expect(withoutAim.fillRate!).to.be.below(baseline.fillRate!);
    expect(withoutAim.pool.interpreters).to.be.below(baseline.pool.interpreters);
  });

  it('replays weekly series as dispatch does: later occurrences wait for the first one’s interpreter, who gets them more often than without the wait', () => {
    const { requests } = demandOfYear(2022, 1, 2022);
    const later = requests.filter((r) => (r.series?.occurrence ?? 1) > 1);
    expect(later.length).to.be.above(100);
    for (const r of later.slice(0, 50)) {
      const first = requests[r.series!.first]!;
      expect(r.createdAt, 'booked with the first').to.equal(first.createdAt);
      expect((r.start - first.start) % (7 * 86_400_000), 'a whole number of weeks later').to.equal(0);
    }
    expect(baseline.series.laterFilled).to.be.above(0);
    const noWait = simulate({ policy: { seriesHoldMinutes: 0 } });
    expect(baseline.series.sameInterpreterShare!, "clearly more: a fifth more at least").to.be.above(noWait.series.sameInterpreterShare! * 1.2);
  });

  it('doubling the demand lowers the fill rate and raises the interpreters’ load (half the year’s demand, then the whole)', () => {
    const half = simulate({ demand: 0.5 });
    expect(baseline.requests).to.be.above(1.8 * half.requests);
    expect(baseline.fillRate!).to.be.below(half.fillRate!);
    expect(baseline.load.meanHoursPerWeek).to.be.above(half.load.meanHoursPerWeek);
  });

  it('the wave size changes who is offered what: waves of one make fewer offers and a slower assignment, waves of ten a faster one', () => {
    const single = simulate({ policy: { waveSize: 1 } });
    expect(single.load.offers).to.be.below(baseline.load.offers);
    expect(single.medianMinutesToAssign!).to.be.above(baseline.medianMinutesToAssign!);
    const wide = simulate({ policy: { waveSize: 10 } });
    expect(wide.medianMinutesToAssign!).to.be.below(baseline.medianMinutesToAssign!);
  });

  it('counts a booked request’s time to assign in the hours offers are read: its median is the first wave’s answer, not 90 minutes in every scenario', () => {
    // Offers are answered in 20 to 60 minutes (median) of reading time; on the clock, the evening's requests wait for the morning.
    expect(baseline.medianMinutesToAssign!).to.be.within(5, 60);
    const doubled = simulate({ demand: 2 });
    expect(doubled.medianMinutesToAssign!).to.not.equal(baseline.medianMinutesToAssign!);
    const paris = parisHours();
    const at = (iso: string) => Date.parse(iso);
    // Booked at 22:00 on a Tuesday, taken at 08:10 on Wednesday: 10 minutes of reading time (winter, UTC+1).
    expect(paris.msWithin(at('2022-01-11T21:00:00Z'), at('2022-01-12T07:10:00Z'), 8, 20)).to.equal(10 * 60_000);
    expect(paris.msWithin(at('2022-01-11T09:30:00Z'), at('2022-01-11T10:15:00Z'), 8, 20)).to.equal(45 * 60_000);
  });

  it('reads a directory as semicolon-separated CSV, and refuses a malformed one with its line', () => {
    const pool = parsePoolCsv([
      'id;name;agency;gender;languages;modalities;departments;specialties;availability;travelBufferMinutes',
      'a1;Ana;north;female;prs,fas;phone,video,onsite;38,69;mental_health;1-5 09:00-17:00;20',
      'a2;Bo;south;male;ara;phone;;;;',
    ].join('\n'));
    expect(pool.interpreters).to.have.length(2);
    expect(pool.interpreters[0]).to.include({ id: 'a1', agencyId: 'north', travelBufferMinutes: 20 });
    expect(pool.interpreters[0]!.availability).to.have.length(5);
    expect(pool.interpreters[1]!.availability).to.have.length(7);
    const result = simulate({ demand: 0.05, pool });
    expect(result.pool, 'no "added" agency when nothing is added').to.deep.equal({ interpreters: 2, agencies: ['north', 'south'] });
    expect(simulate({ demand: 0.05, pool, add: [{ language: 'tir', modalities: ['video'], count: 1 }] }).pool).to.deep.equal({ interpreters: 3, agencies: ['north', 'south', 'added'] });
    expect(fillOf(result, 'prs')).to.be.above(fillOf(result, 'tir'));
    expect(() => parsePoolCsv('id;agency;languages;modalities\nx;y;prs;fax')).to.throw(PoolRefused, 'line 2');
  });
});
