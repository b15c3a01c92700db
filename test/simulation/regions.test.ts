import { expect } from 'chai';
import { simulate, type SimulationResult } from '../../server/simulation';
import { zoneHours } from '../../server/simulation/calendar';
import { demandOfYear } from '../../server/simulation/demand';
import { worldOf } from '../../server/simulation/world';
import { TARGETS } from '../../server/seed/history-year';
import { regionDemo } from '../../server/seed/region-demo-directory';
import { regionLanguages } from '../../server/seed/region-languages';

// The simulator outside Auvergne-Rhône-Alpes: La Réunion's year in its demo world, every hour read in
// Indian/Reunion (UTC+4, three hours ahead of Paris in winter, two in summer). Short demand factors:
// a tenth of a small region's year takes about a second.

const at = (iso: string) => Date.parse(iso);

describe('Capacity simulator by region', function () {
  this.timeout(60_000);
  const reunion = regionDemo('04')!;

  it('reads the hours of any zone: Paris, La Réunion and Guyane see the same instant at their own hour', () => {
    const [paris, stDenis, cayenne] = ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne'].map(zoneHours);
    // 2022-01-11 05:30 UTC: 06:30 in Paris, 09:30 in Saint-Denis, 02:30 in Cayenne.
    expect([paris!, stDenis!, cayenne!].map((z) => z.hourOf(at('2022-01-11T05:30:00Z')))).to.deep.equal([6, 9, 2]);
    // Summer: Paris moves to UTC+2, La Réunion keeps UTC+4.
    expect([paris!, stDenis!].map((z) => z.hourOf(at('2022-07-11T05:30:00Z')))).to.deep.equal([7, 9]);
    // Booked at 19:00 UTC (23:00 in Saint-Denis), taken at 04:10 UTC the next day (08:10 there): 10 minutes of reading hours (8-20) there, in Paris 3 h 10.
    expect(stDenis!.msWithin(at('2022-01-11T19:00:00Z'), at('2022-01-12T04:10:00Z'), 8, 20)).to.equal(10 * 60_000);
    expect(paris!.msWithin(at('2022-01-11T19:00:00Z'), at('2022-01-12T04:10:00Z'), 8, 20)).to.equal(0);
    // The next 08:00 in Saint-Denis after 22:00 there is 04:00 UTC.
    expect(stDenis!.nextWithin(at('2022-01-11T18:00:00Z'), 8, 20)).to.equal(at('2022-01-12T04:00:00Z'));
    expect(() => zoneHours('Asia/Kolkata'), 'a half-hour offset').to.throw('whole-hour');
  });

  it('draws La Réunion’s demand over its demo structures and languages, scaled by its structures, in its own hours', () => {
    const world = worldOf('04')!;
    expect(world.structures).to.have.length(reunion.structures.length);
    const { requests, structures } = demandOfYear(2022, 0.5, 2022, '04');
    expect(structures.map((s) => s.name)).to.deep.equal(reunion.structures.map((s) => s.name));
    expect(new Set(requests.map((r) => r.department))).to.deep.equal(new Set(['974']));
    const languages = new Set(regionLanguages('04'));
    expect(requests.filter((r) => !languages.has(r.language)), 'only the region’s languages').to.deep.equal([]);
    // The brief's 2022 volume times 16 structures of 116 (and half the year's demand): some 2,900 requests a year, 1,450 here.
    expect(requests.length).to.be.within(0.4 * 2900, 0.6 * 2900);
    // The generator's day: booked sessions from 08:00 (evening phone calls until 22:00), read in Saint-Denis.
    const booked = requests.filter((r) => !r.immediate);
    const startsAt = (zone: string) => booked.map((r) => zoneHours(zone).hourOf(r.start));
    const early = (hours: number[]) => hours.filter((h) => h < 8).length / hours.length;
    expect(early(startsAt('Indian/Reunion')), 'before 08:00 in Saint-Denis').to.equal(0);
    expect(startsAt('Indian/Reunion').every((h) => h < 22)).to.equal(true);
    // The same instants in Paris: the first two hours of Saint-Denis's morning are 05:00-07:00 there.
    expect(early(startsAt('Europe/Paris')), 'before 08:00 in Paris').to.be.above(0.1);
  });

  describe('a simulated year of La Réunion', () => {
    let result: SimulationResult;
    before(() => {
      result = simulate({ region: '04', year: 2022, demand: 0.3 });
    });

    it('replays its demo world: its region, structures, 16 interpreters and two agencies, its demand stated as an assumption', () => {
      expect(result.region).to.deep.equal({ code: '04', name: 'La Réunion', timeZone: 'Indian/Reunion', structures: reunion.structures.length });
      expect(result.pool.interpreters).to.equal(reunion.interpreters.length);
      expect(result.pool.agencies).to.deep.equal(['interpretariat', 'interpretes']);
      expect(result.byDepartment.map((row) => row.key)).to.deep.equal(['974']);
      const expected = (TARGETS.hours * reunion.structures.length) / TARGETS.structures * 0.3;
      expect(result.hours, 'the brief’s hours scaled by 16/116').to.be.within(0.8 * expected, 1.3 * expected);
      const demand = result.assumptions.find((a) => a.key === 'demand')!;
      expect(demand.fr).to.contain('La Réunion').and.to.contain('16 structures sur 116').and.to.contain('heure de La Réunion');
      expect(result.assumptions.find((a) => a.key === 'readingHours')!.en).to.contain('Indian/Reunion');
    });

    it('reads the interpreters’ availability in Saint-Denis’s hours: the morning’s sessions find someone (nobody eligible for under 3 % of requests)', () => {
      // In Paris time, the 08:00-20:00 availability would open at 10:00 or 11:00 in Saint-Denis: its mornings would go unfilled.
      expect(result.unfilledByReason.nobody_eligible / result.requests).to.be.below(0.03);
      expect(result.fillRate!).to.be.above(0.93);
    });

    it('a lever of another region’s agency is refused: the pool is La Réunion’s', () => {
      expect(() => simulate({ region: '04', demand: 0.05, removeAgency: ['isara'] })).to.throw('no agency "isara"');
    });
  });
});
