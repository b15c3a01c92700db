import { expect } from 'chai';
import { publicHoliday } from '../../server/billing/holidays';
import { DEPARTMENTS } from '../../shared/regions';

/** Every date of 2026 that is a public holiday in the department. */
function holidaysOf2026(department: string): string[] {
  const dates = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
  return dates.filter((date) => publicHoliday(date, department) !== undefined);
}

// Easter 2026 is 5 April: Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May, Good Friday 3 April.
const NATIONAL_2026 = ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'];

describe('Public holidays', () => {
  it('the 11 national holidays of 2026, and no other day, on the mainland outside Alsace-Moselle', () => {
    expect(holidaysOf2026('69')).to.deep.equal(NATIONAL_2026);
    expect(holidaysOf2026('75')).to.deep.equal(NATIONAL_2026);
    expect(holidaysOf2026('2A')).to.deep.equal(NATIONAL_2026);
  });

  it('Moselle, Bas-Rhin and Haut-Rhin also get Good Friday and 26 December', () => {
    const alsaceMoselle = [...NATIONAL_2026, '2026-04-03', '2026-12-26'].sort();
    for (const department of ['57', '67', '68']) expect(holidaysOf2026(department), department).to.deep.equal(alsaceMoselle);
  });

  it('each overseas department has its day of the abolition of slavery, and no other department has it', () => {
    const abolition = { '971': '2026-05-27', '972': '2026-05-22', '973': '2026-06-10', '974': '2026-12-20', '976': '2026-04-27' };
    for (const [department, date] of Object.entries(abolition)) {
      expect(publicHoliday(date, department), department).to.match(/esclavage/);
      for (const other of [...Object.keys(abolition), '69', '57']) {
        if (other !== department) expect(publicHoliday(date, other), `${date} in ${other}`).to.equal(undefined);
      }
    }
  });

  it('La Réunion, Guyane and Mayotte have the national holidays and their own day; Guadeloupe and Martinique also Good Friday', () => {
    expect(holidaysOf2026('974')).to.deep.equal([...NATIONAL_2026, '2026-12-20'].sort());
    expect(holidaysOf2026('973')).to.deep.equal([...NATIONAL_2026, '2026-06-10'].sort());
    expect(holidaysOf2026('976')).to.deep.equal([...NATIONAL_2026, '2026-04-27'].sort());
    expect(holidaysOf2026('971')).to.deep.equal([...NATIONAL_2026, '2026-04-03', '2026-05-27'].sort());
    expect(holidaysOf2026('972')).to.deep.equal([...NATIONAL_2026, '2026-04-03', '2026-05-22'].sort());
  });

  it('26 December is a holiday in Bas-Rhin, not in Rhône', () => {
    expect(publicHoliday('2026-12-26', '67')).to.match(/Lendemain de Noël/);
    expect(publicHoliday('2026-12-26', '69')).to.equal(undefined);
  });

  it('1 November is a holiday in every department of France', () => {
    for (const { code } of DEPARTMENTS) expect(publicHoliday('2026-11-01', code), code).to.equal('Toussaint');
  });

  it('names the holiday', () => {
    expect(publicHoliday('2026-07-14', '69')).to.match(/Fête Nationale/);
    expect(publicHoliday('2026-04-03', '57')).to.match(/Vendredi saint/i);
    expect(publicHoliday('2026-04-03', '69')).to.equal(undefined);
  });
});
