import { expect } from 'chai';
import { findCandidates } from '../../server/matching';
import { booking, context, paris, profile, reasonsAgainst, request } from './helpers';

describe('Matching: eligibility', () => {
  it('a profile that fits every rule is ranked and not listed as ineligible', () => {
    const { ranked, ineligible } = findCandidates(request(), [profile()], context());
    expect(ranked.map((c) => c.interpreterId)).to.deep.equal(['i-1']);
    expect(ineligible).to.deep.equal([]);
  });

  it('an inactive interpreter is ineligible for "inactive"', () => {
    expect(reasonsAgainst(request(), profile({ active: false }))).to.deep.equal(['inactive']);
  });

  it('an interpreter invited but without a password yet is ineligible for "no_account": they could not log in to accept', () => {
    expect(reasonsAgainst(request(), profile({ invitationPending: true }))).to.deep.equal(['no_account']);
    expect(reasonsAgainst(request(), profile({ invitationPending: false }))).to.deep.equal([]);
  });

  it('an interpreter without the language is ineligible for "language"', () => {
    expect(reasonsAgainst(request({ language: 'prs' }), profile())).to.deep.equal(['language']);
  });

  it('an interpreter who does not work in the modality is ineligible for "modality"', () => {
    expect(reasonsAgainst(request({ modality: 'onsite', department: '69' }), profile({ modalities: ['phone', 'video'] }))).to.deep.equal(['modality']);
  });

  it('an on-site request outside the interpreter\'s departments is ineligible for "department"', () => {
    expect(reasonsAgainst(request({ modality: 'onsite', department: '38' }), profile({ departments: ['69', '01'] }))).to.deep.equal(['department']);
    expect(reasonsAgainst(request({ modality: 'onsite', department: '01' }), profile({ departments: ['69', '01'] }))).to.deep.equal([]);
  });

  it('departments do not matter for phone or video', () => {
    expect(reasonsAgainst(request({ modality: 'video', department: '38' }), profile({ departments: ['69'] }))).to.deep.equal([]);
  });

  it('a requested gender excludes the other gender for "gender"', () => {
    expect(reasonsAgainst(request({ interpreterGender: 'female' }), profile({ gender: 'male' }))).to.deep.equal(['gender']);
  });

  it('without a requested gender, any gender is eligible', () => {
    expect(reasonsAgainst(request(), profile({ gender: 'male' }))).to.deep.equal([]);
  });

  it('an interpreter not available at that time is ineligible for "availability"', () => {
    const evenings = [{ weekday: 2, from: '18:00', to: '22:00' }];
    expect(reasonsAgainst(request(), profile({ availability: evenings }))).to.deep.equal(['availability']);
  });

  it('an interpreter holding an overlapping job is ineligible for "conflict"', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T10:30', '2026-06-16T11:30', 'phone')]]]);
    expect(reasonsAgainst(request(), profile(), context({ agendas }))).to.deep.equal(['conflict']);
  });

  it('an on-site request within the interpreter\'s own travel buffer of an on-site session is ineligible for "travel", not "conflict"', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T09:00', '2026-06-16T10:30', 'onsite')]]]);
    const onsite = request({ modality: 'onsite', department: '69', start: paris('2026-06-16T10:45'), end: paris('2026-06-16T11:45') });
    expect(reasonsAgainst(onsite, profile({ travelBufferMinutes: 30 }), context({ agendas }))).to.deep.equal(['travel']);
    expect(reasonsAgainst(onsite, profile({ travelBufferMinutes: 10 }), context({ agendas }))).to.deep.equal([]);
  });

  it('a phone or video request is never refused for travel: right after an on-site session it is eligible, over one it is a "conflict"', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T09:00', '2026-06-16T10:30', 'onsite')]]]);
    const close = { start: paris('2026-06-16T10:35'), end: paris('2026-06-16T11:05') };
    const over = { start: paris('2026-06-16T10:00'), end: paris('2026-06-16T11:00') };
    for (const modality of ['phone', 'video'] as const) {
      expect(reasonsAgainst(request({ modality, ...close }), profile({ travelBufferMinutes: 60 }), context({ agendas })), modality).to.deep.equal([]);
      expect(reasonsAgainst(request({ modality, ...over }), profile({ travelBufferMinutes: 60 }), context({ agendas })), modality).to.deep.equal(['conflict']);
    }
  });

  it('an on-site request overlapping one session and too close to another is a "conflict": the overlap is what matters', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T08:00', '2026-06-16T09:50', 'onsite', 'near'), booking('2026-06-16T10:30', '2026-06-16T11:30', 'onsite', 'over')]]]);
    const onsite = request({ modality: 'onsite', department: '69' });
    expect(reasonsAgainst(onsite, profile({ travelBufferMinutes: 30 }), context({ agendas }))).to.deep.equal(['conflict']);
  });

  it('the request\'s own booking in the agenda is not a conflict', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T10:00', '2026-06-16T11:00', 'video', 'r-1')]]]);
    expect(reasonsAgainst(request({ id: 'r-1' }), profile(), context({ agendas }))).to.deep.equal([]);
  });

  it('every failed profile rule is reported, not only the first', () => {
    const p = profile({ active: false, languages: ['fra'], modalities: ['phone'], gender: 'male' });
    const onsite = request({ modality: 'onsite', department: '38', interpreterGender: 'female' });
    expect(reasonsAgainst(onsite, p)).to.deep.equal(['inactive', 'language', 'modality', 'department', 'gender']);
  });

  it('availability and conflict are reported together for a profile that otherwise fits', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T10:30', '2026-06-16T11:30', 'phone')]]]);
    const p = profile({ availability: [{ weekday: 2, from: '18:00', to: '22:00' }] });
    expect(reasonsAgainst(request(), p, context({ agendas }))).to.deep.equal(['availability', 'conflict']);
  });

  it('availability and conflict are not examined for a profile that lacks the language', () => {
    const agendas = new Map([['i-1', [booking('2026-06-16T10:30', '2026-06-16T11:30', 'phone')]]]);
    const p = profile({ languages: ['fra'], availability: [] });
    expect(reasonsAgainst(request(), p, context({ agendas }))).to.deep.equal(['language']);
  });

  it('splits a mixed pool into ranked and ineligible, keeping every profile once', () => {
    const pool = [profile({ id: 'ok' }), profile({ id: 'no-lang', languages: ['fra'] }), profile({ id: 'off', active: false })];
    const { ranked, ineligible } = findCandidates(request(), pool, context());
    expect(ranked.map((c) => c.interpreterId)).to.deep.equal(['ok']);
    expect(ineligible.map((i) => i.interpreterId)).to.deep.equal(['no-lang', 'off']);
  });
});

describe('Matching: required qualifications', () => {
  const mentalHealth = [{ code: 'mental_health', name: 'Formation santé mentale' }];
  // A session on Tuesday 16 June 2026, 10:00 Paris.
  const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
  const held = (validUntil?: string) => profile({ availability: allDay, qualifications: [{ code: 'mental_health', obtainedOn: '2024-01-10', ...(validUntil ? { validUntil } : {}) }] });

  it('a request requiring a qualification excludes, for "qualification", a profile without it; requiring none, nobody', () => {
    expect(reasonsAgainst(request({ requiredQualifications: mentalHealth }), profile())).to.deep.equal(['qualification']);
    expect(reasonsAgainst(request(), profile())).to.deep.equal([]);
  });

  it('a qualification is valid through its last day, in the session’s zone, and not after', () => {
    expect(reasonsAgainst(request({ requiredQualifications: mentalHealth }), held('2026-06-16'))).to.deep.equal([]);
    expect(reasonsAgainst(request({ requiredQualifications: mentalHealth }), held('2026-06-15'))).to.deep.equal(['qualification']);
    expect(reasonsAgainst(request({ requiredQualifications: mentalHealth }), held())).to.deep.equal([]);
    // 00:30 in Réunion on the 17th is 22:30 on the 16th in Paris: a Réunion session is on the 17th.
    const reunion = { start: new Date('2026-06-16T20:30:00Z'), end: new Date('2026-06-16T21:30:00Z'), requiredQualifications: mentalHealth, timeZone: 'Indian/Reunion' };
    expect(reasonsAgainst(request(reunion), held('2026-06-16'))).to.deep.equal(['qualification']);
    expect(reasonsAgainst(request({ ...reunion, timeZone: undefined }), held('2026-06-16'))).to.deep.equal([]);
  });

  it('a qualification obtained after the session’s day does not count yet', () => {
    expect(reasonsAgainst(request({ requiredQualifications: mentalHealth }), profile({ qualifications: [{ code: 'mental_health', obtainedOn: '2026-06-17' }] }))).to.deep.equal(['qualification']);
  });
});
