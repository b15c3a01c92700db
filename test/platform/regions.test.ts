import { expect } from 'chai';
import departementsData from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import { DEPARTMENT_NAMES, DEPARTMENT_PATTERN, REGION_DEPARTMENT_NAMES, REGION_DEPARTMENTS } from '../../shared/enums';
import { DEPARTMENTS, REGIONS, departmentName, regionByCode, regionOf, timeZoneOfDepartment } from '../../shared/regions';
import { departmentLabel } from '../../server/platform/reports';

const codesOf = (region: string) => regionByCode(region)?.departments.map((department) => department.code);

describe('Regions and departments, from the official geographic code', () => {
  it('France has 18 regions (13 mainland with Corse, 5 overseas) and 101 departments', () => {
    expect(REGIONS).to.have.length(18);
    expect(REGIONS.filter((region) => region.timeZone === 'Europe/Paris')).to.have.length(13);
    expect(DEPARTMENTS).to.have.length(101);
    expect(REGIONS.flatMap((region) => region.departments)).to.have.length(101);
  });

  it('Auvergne-Rhône-Alpes (84) has the 12 departments of the brief, and is the default region', () => {
    const twelve = ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'];
    expect(regionByCode('84')?.name).to.equal('Auvergne-Rhône-Alpes');
    expect(codesOf('84')).to.deep.equal(twelve);
    expect(REGION_DEPARTMENTS).to.deep.equal(twelve);
    expect(REGION_DEPARTMENT_NAMES['43']).to.equal('Haute-Loire');
  });

  it('Occitanie (76) has 13 departments, Pays de la Loire (52) 5, Corse (94) 2A and 2B', () => {
    expect(codesOf('76')).to.have.length(13);
    expect(codesOf('52')).to.deep.equal(['44', '49', '53', '72', '85']);
    expect(codesOf('94')).to.deep.equal(['2A', '2B']);
  });

  it('each overseas region is one department in its own time zone', () => {
    const overseas = REGIONS.filter((region) => region.timeZone !== 'Europe/Paris').map((region) => [region.code, region.name, region.timeZone, codesOf(region.code)]);
    expect(overseas).to.deep.equal([
      ['01', 'Guadeloupe', 'America/Guadeloupe', ['971']],
      ['02', 'Martinique', 'America/Martinique', ['972']],
      ['03', 'Guyane', 'America/Cayenne', ['973']],
      ['04', 'La Réunion', 'Indian/Reunion', ['974']],
      ['06', 'Mayotte', 'Indian/Mayotte', ['976']],
    ]);
    expect(regionOf('974')?.name).to.equal('La Réunion');
    expect(timeZoneOfDepartment('974')).to.equal('Indian/Reunion');
    expect(timeZoneOfDepartment('973')).to.equal('America/Cayenne');
    expect(timeZoneOfDepartment('2A')).to.equal('Europe/Paris');
  });

  it('every time zone is one the runtime knows', () => {
    for (const region of REGIONS) expect(() => new Intl.DateTimeFormat('fr', { timeZone: region.timeZone }), region.name).not.to.throw();
  });

  it('a code that is no department or no region gives undefined', () => {
    for (const code of ['975', '20', '99', '1', '']) {
      expect(regionOf(code), code).to.equal(undefined);
      expect(departmentName(code), code).to.equal(undefined);
      expect(timeZoneOfDepartment(code), code).to.equal(undefined);
    }
    expect(regionByCode('82')).to.equal(undefined);
    expect(regionByCode('975')).to.equal(undefined);
  });

  it('the department pattern admits exactly the departments: not 20, not Saint-Pierre-et-Miquelon (975), a collectivity', () => {
    const pattern = new RegExp(DEPARTMENT_PATTERN);
    const candidates = new Set([
      ...Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')),
      '2A', '2B',
      ...Array.from({ length: 30 }, (_, n) => String(970 + n)),
      ...departementsData.map((department) => department.code),
    ]);
    expect([...candidates].filter((code) => pattern.test(code)).sort()).to.deep.equal(DEPARTMENTS.map((department) => department.code));
    expect(departementsData.find((department) => department.code === '975')?.zone).to.equal('com');
  });

  it('every department of France has its name, and reports label any of them', () => {
    expect(Object.keys(DEPARTMENT_NAMES)).to.have.length(101);
    expect(departmentName('69')).to.equal('Rhône');
    expect(departmentLabel('974')).to.equal('974 – La Réunion');
    expect(departmentLabel('29')).to.equal('29 – Finistère');
    expect(departmentLabel('975')).to.equal('975');
  });
});
