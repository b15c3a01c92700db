import { expect } from 'chai';
import { bodyOf, formOf, normaliseClock, placeOf } from '../../client/src/components/availability/form';
import { availabilitySummary } from '../../client/src/components/availability/summary';
import type { InterpreterView } from '../../client/src/types';

// The availability editor's pure parts: what a person types becomes the API's body, and the stored
// profile reads back as one French sentence. No browser, no database.

const TODAY = '2026-11-30';
const WEEKDAYS = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, from: '09:00', to: '12:00' }, { weekday, from: '14:00', to: '18:00' }]);
const CHRISTMAS = ['24', '25', '26', '27', '28', '29', '30', '31'].map((day) => ({ date: `2026-12-${day}`, slots: [] }));
const profile = (overrides: Partial<InterpreterView> = {}) =>
  ({ gender: 'female', availability: WEEKDAYS, exceptions: CHRISTMAS, departments: ['69', '75'], travelBufferMinutes: 30, modalities: ['onsite'], ...overrides }) as InterpreterView;

describe('The availability editor’s form (client)', () => {
  it('reads times as people type them', () => {
    expect(['9', '9h', '9h30', '09:30', '0930', '14 h', '24h', 'midi'].map(normaliseClock)).to.deep.equal(['09:00', '09:00', '09:30', '09:30', '09:30', '14:00', '24:00', 'midi']);
  });

  it('turns consecutive days off into one absence, and back into one exception per day', () => {
    const form = formOf(profile({ exceptions: [{ date: '2026-11-01', slots: [] }, ...CHRISTMAS, { date: '2027-01-02', slots: [{ from: '10:00', to: '12:00' }] }] }), TODAY);
    expect(form.absences.map(({ from, to }) => ({ from, to }))).to.deep.equal([{ from: '2026-12-24', to: '2026-12-31' }]);
    expect(form.extraDays.map((d) => d.date)).to.deep.equal(['2027-01-02']);
    expect(form.week[5]!.mode).to.equal('off');
    expect(form.regionDepartments).to.deep.equal(['69']);
    expect(form.otherDepartments).to.equal('75');
    const { body, formErrors } = bodyOf(form, TODAY);
    expect(formErrors).to.deep.equal({});
    expect(body.exceptions).to.deep.equal([...CHRISTMAS, { date: '2027-01-02', slots: [{ from: '10:00', to: '12:00' }] }]);
    expect(body.availability).to.deep.equal(WEEKDAYS);
    expect(body).to.include({ travelBufferMinutes: 30, phone: null, videoLink: null });
  });

  it('places a body field’s error on the row it came from', () => {
    const form = formOf(profile(), TODAY);
    const { places } = bodyOf(form, TODAY);
    const tuesdayAfternoon = form.week[1]!.slots[1]!;
    expect(placeOf('availability.3.to', places)).to.equal(`slot.${tuesdayAfternoon.key}.to`);
    expect(placeOf('exceptions.5.date', places)).to.equal(`absence.${form.absences[0]!.key}`);
    expect(placeOf('departments.1', places)).to.equal('otherDepartments');
  });

  it('refuses an absence that ends before it starts or has passed, without sending', () => {
    const form = formOf(profile({ exceptions: [] }), TODAY);
    form.absences = [{ key: 1, from: '2026-12-10', to: '2026-12-01' }, { key: 2, from: '2026-11-01', to: '' }];
    expect(bodyOf(form, TODAY).formErrors).to.deep.equal({ 'absence.1.to': 'Le dernier jour est avant le premier.', 'absence.2.from': 'Cette date est passée.' });
  });

  it('sums a profile up in one French sentence', () => {
    expect(availabilitySummary(profile({ exceptions: [...CHRISTMAS, { date: '2027-01-02', slots: [{ from: '10:00', to: '12:30' }] }] }), TODAY))
      .to.equal('Du lundi au vendredi 9h–12h, 14h–18h ; absente du 24 au 31 décembre ; disponible le 2 janvier 10h–12h30');
    expect(availabilitySummary(profile({ gender: 'male', availability: [{ weekday: 1, from: '09:00', to: '12:00' }, { weekday: 2, from: '09:00', to: '12:00' }, { weekday: 7, from: '00:00', to: '24:00' }], exceptions: [{ date: '2026-12-31', slots: [] }, { date: '2027-01-01', slots: [] }] }), TODAY))
      .to.equal('Lundi et mardi 9h–12h ; dimanche toute la journée ; absent du 31 décembre 2026 au 1er janvier 2027');
    expect(availabilitySummary(profile({ availability: [], exceptions: [{ date: '2026-11-29', slots: [] }] }), TODAY)).to.equal('Aucun créneau dans la semaine');
  });
});
