import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createAgency } from '../../server/directory/agencies';
import { useTestApp } from '../support/app';
import { bookingWorld } from '../support/booking';
import { aStructure, aUser } from '../support/fixtures';
import { recipients, useInbox } from '../support/mail';

// Issue 27, item 3: agencies hold conventions in regions. A request nobody can take is every agency's
// to assign, but only the agencies with a convention in its region can be paid for it: they see it,
// and they are told; an agency of another region neither reads it nor gets its mail.
describe('Requests nobody can take, by region', () => {
  const t = useTestApp();
  const inbox = useInbox(t);

  it('reach the dispatchers of the agencies holding a convention in their region, and only them (read, list, mail)', async () => {
    // bookingWorld: an agency of Auvergne-Rhône-Alpes (69, 38) and its dispatcher.
    const w = await bookingWorld(t, 1);
    const bearer = async (email: string) => `Bearer ${await t.login(email)}`;
    const garonne = await createAgency({ name: 'Agence Garonne', departments: ['31'] });
    const garonneDispatcher = await aUser('dispatcher', { agencyId: garonne.id });
    const garonneAuth = await bearer(garonneDispatcher.email);
    const toulouse = await aStructure({ name: 'PASS Toulouse', department: '31' });
    const requester = await bearer((await aUser('requester', { structureId: toulouse.id })).email);
    // Tigrinya by video in 3 days: nobody speaks it here, so it is uncovered from its booking.
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toISO();
    const booked = await t.http().post('/api/requests').set('Authorization', requester).send({ language: 'tir', modality: 'video', start, durationMinutes: 60 });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    expect(booked.body.coverage.eligible).to.equal(0);
    const id = booked.body.id as string;

    const read = async (auth: string) => (await t.http().get(`/api/requests/${id}`).set('Authorization', auth)).status;
    expect(await read(garonneAuth), 'an agency of Occitanie').to.equal(200);
    expect(await read(w.dispatcher.auth), 'an agency of Auvergne-Rhône-Alpes only').to.equal(404);
    const listed = async (auth: string) => ((await t.http().get('/api/requests?status=open&limit=100').set('Authorization', auth)).body as Array<{ id: string }>).map((r) => r.id);
    expect(await listed(garonneAuth)).to.include(id);
    expect(await listed(w.dispatcher.auth)).not.to.include(id);
    const told = (await inbox.about(id, requester)).filter((m) => /^Sans interprète possible/.test(m.subject ?? '')).flatMap(recipients);
    expect(told).to.include(garonneDispatcher.email);
    expect(told).not.to.include(w.dispatcher.email);
  });
});
