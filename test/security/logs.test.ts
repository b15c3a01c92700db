import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { startPlatform, type Platform } from '../e2e/support';

// The server's own log, at its most talkative level, after a day's worth of patient-related traffic
// (bookings with references and notes, refused bodies, a cancellation with a reason, failed logins):
// none of what was said about a patient appears in it.

const MARKERS = { patientRef: 'ZQ-4471', notes: 'Patiente enceinte de 7 mois, angoisse majeure', reason: 'Madame Kowalczyk hospitalisée', email: 'patient.secret@example.org', password: 'mot-de-passe-secret-42' };
const LOG_FILE = 'test-output/privacy-server.log';

describe('No patient data in the logs (a real server, its log file read back)', function () {
  // Its server may be the run's first start, which seeds a year of history (see startPlatform).
  this.timeout(300_000);
  let platform: Platform;

  before(async () => {
    platform = await startPlatform({ LOG_LEVEL: 'trace', LOG_FILE });
  });
  after(async () => platform?.stop());

  it('bookings, refusals, cancellations and failed logins leave no patient reference, note, reason or password in the log', async () => {
    const token = await platform.token('pass.lyon@demo.test');
    const start = DateTime.now().plus({ days: 2 }).set({ hour: 10, minute: 0 }).toUTC().toISO();
    const booked = await platform.api<{ id: string }>(token, 'POST', '/api/requests', { language: 'ara', modality: 'video', start, durationMinutes: 30, patientRef: MARKERS.patientRef, notes: MARKERS.notes });
    expect(booked.status).to.equal(201);
    // A query string that names the patient (refused: unknown parameter; the log keeps the path only).
    expect((await platform.api(token, 'GET', `/api/requests?ref=${MARKERS.patientRef}`)).status).to.equal(400);
    // Refused bodies: a bad reference, an unknown field, a malformed body that quotes the patient.
    expect((await platform.api(token, 'POST', '/api/requests', { language: 'ara', modality: 'video', start, durationMinutes: 30, patientRef: `${MARKERS.patientRef}<script>`, notes: MARKERS.notes })).status).to.equal(400);
    expect((await platform.api(token, 'POST', '/api/requests', { language: 'ara', modality: 'video', start, durationMinutes: 30, patientName: MARKERS.reason })).status).to.equal(400);
    const malformed = await fetch(`${platform.url}/api/requests`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: `{"notes": "${MARKERS.notes}",` });
    expect(malformed.status).to.equal(400);
    expect((await platform.api(token, 'GET', `/api/requests/${booked.body.id}`)).status).to.equal(200);
    expect((await platform.api(token, 'POST', `/api/requests/${booked.body.id}/cancel`, { reason: MARKERS.reason })).status).to.equal(200);
    const failedLogin = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: MARKERS.email, password: MARKERS.password }) });
    expect(failedLogin.status).to.equal(401);
    // Let the dispatch jobs and the mail outbox run on this request, and the log be flushed.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await platform.stop();

    const log = await readFile(LOG_FILE, 'utf8');
    expect(log, 'the log records the traffic').to.match(/"path":"\/api\/requests"/);
    expect(log.split('\n').length, 'trace level: a talkative log').to.be.greaterThan(10);
    for (const [what, marker] of Object.entries(MARKERS)) expect(log.includes(marker), `${what} in the log`).to.equal(false);
    expect(log).not.to.include(token);
  });
});
