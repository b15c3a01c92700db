import { expect } from 'chai';
import { useTestApp } from '../support/app';
import { bookingWorld, jobRunner, parisIn, TestClock } from '../support/booking';
import { anInterpreter } from '../support/fixtures';

// Coverage before sending: counts only, with the same eligibility as dispatch.
describe('Coverage known before booking (GET /api/requests/coverage)', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    // Four Arabic interpreters (phone, video, on site in 69), one Egyptian Arabic speaker by phone only.
    w = await bookingWorld(t, 4);
    await anInterpreter(w.agency.id, { languages: ['arz'], modalities: ['phone'], availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) });
  });
  const coverage = (query: Record<string, string | number>, auth = w.requester.auth) => t.http().get('/api/requests/coverage').query(query).set('Authorization', auth);

  it('counts by modality, related languages included, no names', async () => {
    const res = await coverage({ language: 'ara', modality: 'phone', start: parisIn(3, '10:00'), durationMinutes: 60, department: '69' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ eligible: 5, byModality: { phone: 5, video: 4, onsite: 4 } });
    expect((await coverage({ language: 'ara', modality: 'onsite', start: parisIn(3, '10:00'), durationMinutes: 60, department: '75' })).body).to.deep.equal({ eligible: 0, byModality: { phone: 5, video: 4, onsite: 0 } });
    expect((await coverage({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 })).body.byModality.onsite).to.equal(null);
    expect((await coverage({ language: 'tir', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 })).body.eligible).to.equal(0);
    expect((await coverage({ language: 'fsl', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 })).body.byModality.phone).to.equal(0);
  });

  it('equals the eligible list matching gives for the same request, an interpreter busy at that time left out', async () => {
    const start = parisIn(4, '14:00');
    // One interpreter takes a session at that time: their agenda now conflicts.
    const first = (await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start, durationMinutes: 60 })).body;
    await jobRunner(new TestClock()).runDue();
    const offer = ((await t.http().get('/api/offers').set('Authorization', w.interpreters[0]!.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === first.id)!;
    expect((await t.http().post(`/api/offers/${offer.id}/accept`).set('Authorization', w.interpreters[0]!.auth)).status).to.equal(200);

    const counted = (await coverage({ language: 'ara', modality: 'video', start, durationMinutes: 60 })).body;
    expect(counted.eligible).to.equal(3);
    const second = (await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start, durationMinutes: 60 })).body;
    // Matching's ranked list for it, as the agency's dispatcher sees it once its first wave ran (every interpreter is of that agency).
    await jobRunner(new TestClock()).runDue();
    const ranked = await t.http().get(`/api/requests/${second.id}/candidates`).set('Authorization', w.dispatcher.auth);
    expect(ranked.status, JSON.stringify(ranked.body)).to.equal(200);
    const candidates = (ranked.body.candidates as Array<{ interpreterId: string }>).map((c) => c.interpreterId);
    expect(candidates).to.have.length(counted.eligible);
    expect(candidates).not.to.include(w.interpreters[0]!.id);
  });

  it('counts the briefing and debriefing as part of the slot: an interpreter whose session ends as the briefing starts is left out', async () => {
    const start = parisIn(5, '14:00');
    const first = (await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start, durationMinutes: 60 })).body;
    await jobRunner(new TestClock()).runDue();
    const offer = ((await t.http().get('/api/offers').set('Authorization', w.interpreters[1]!.auth)).body as Array<{ id: string; requestId: string }>).find((o) => o.requestId === first.id)!;
    expect((await t.http().post(`/api/offers/${offer.id}/accept`).set('Authorization', w.interpreters[1]!.auth)).status).to.equal(200);
    // A video session at 15:00, right after theirs: free without a briefing, not with 10 minutes of it (14:50) nor with a debriefing before 14:00.
    const next = new Date(new Date(start).getTime() + 60 * 60_000).toISOString();
    const before = new Date(new Date(start).getTime() - 60 * 60_000).toISOString();
    const counts = async (query: Record<string, string | number>) => (await coverage({ language: 'ara', modality: 'video', durationMinutes: 60, ...query })).body.eligible;
    expect(await counts({ start: next })).to.equal(4);
    expect(await counts({ start: next, briefingMinutes: 10 })).to.equal(3);
    expect(await counts({ start: before, debriefingMinutes: 5 })).to.equal(3);
    expect((await coverage({ language: 'ara', modality: 'video', durationMinutes: 60, start: next, briefingMinutes: 16 })).status).to.equal(400);
  });

  it('is for requesters only, and refuses what a booking would refuse', async () => {
    expect((await coverage({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 }, w.dispatcher.auth)).status).to.equal(403);
    expect((await coverage({ language: 'zzz', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60 })).status).to.equal(400);
    expect((await coverage({ language: 'ara', modality: 'video', start: '2026-12-31T23:59:60Z', durationMinutes: 60 })).status).to.equal(400);
    expect((await coverage({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 60, name: 'x' })).status).to.equal(400);
    // Never a count for a request that could not be booked.
    expect((await coverage({ language: 'ara', modality: 'video', start: '2025-01-01T10:00:00Z', durationMinutes: 60 })).body.error.code).to.equal('start_in_past');
    expect((await coverage({ language: 'ara', modality: 'video', start: '2030-01-01T10:00:00Z', durationMinutes: 60 })).body.error.code).to.equal('start_too_far');
    expect((await coverage({ language: 'ara', modality: 'video', start: 'now', durationMinutes: 15 })).body.error.code).to.equal('now_phone_only');
  });
});
