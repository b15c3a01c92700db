import { expect } from 'chai';
import { DateTime } from 'luxon';
import { useTestApp } from '../support/app';
import { acceptedBy, bookingWorld } from '../support/booking';
import { aUser, anAgency } from '../support/fixtures';

// GET /api/statements/:id/lines.csv: the statement's lines as the auditor opens them in a spreadsheet,
// under the statement's own access rules.

const month = () => DateTime.now().setZone('Europe/Paris').toFormat('yyyy-MM');

/** The CSV's rows as cells (BOM and CRLF left out; no cell of these holds the separator). */
const rowsOf = (text: string, separator: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n').map((row) => row.split(separator));

describe('A statement’s lines as CSV', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let statement: { id: string; lines: Array<{ requestId: string; billedMinutes: number; costCents: number }>; adjustments: unknown[]; totals: { costCents: number } };
  const get = (path: string, auth: string) => t.http().get(path).set('Authorization', auth).buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });

  before(async () => {
    w = await bookingWorld(t, 1);
    for (const minutes of [25, 50]) {
      const created = await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 30 }).expect(201);
      await acceptedBy(t, created.body.id, w.interpreters[0]!);
      await t.http().post(`/api/requests/${created.body.id}/complete`).set('Authorization', w.interpreters[0]!.auth).send({ actualMinutes: minutes, outcome: 'done', heldByCallback: true }).expect(200);
    }
    const list = await t.http().get(`/api/statements?agencyId=${w.agency.id}&month=${month()}`).set('Authorization', w.auditor.auth).expect(200);
    statement = (await t.http().get(`/api/statements/${list.body[0].id}`).set('Authorization', w.auditor.auth).expect(200)).body;
  });

  it('has a row per line with its structure, minutes and amount as the statement says, then the totals; semicolons and decimal commas on demand', async () => {
    const res = await get(`/api/statements/${statement.id}/lines.csv?separator=semicolon`, w.auditor.auth);
    expect(res.status, String(res.body)).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.include(`releve-${month()}`);
    const [header, ...rows] = rowsOf(res.body as string, ';');
    expect(header).to.include.members(['Structure', 'Minutes facturées', 'Montant (€)', 'Vérification']);
    const column = (name: string) => header!.indexOf(name);
    const sessions = rows.filter((row) => row[0] === 'Séance');
    expect(sessions).to.have.length(statement.lines.length);
    expect(statement.lines.length).to.equal(2);
    for (const line of statement.lines) {
      const row = sessions.find((r) => r[column('Identifiant de la demande')] === line.requestId)!;
      expect(row[column('Structure')]).to.equal('PASS Lyon');
      expect(Number(row[column('Minutes facturées')])).to.equal(line.billedMinutes);
      expect(row[column('Montant (€)')]).to.equal((line.costCents / 100).toFixed(2).replace('.', ','));
      expect(row[column('Vérification')]).to.equal('En attente de la structure');
    }
    const total = rows.find((row) => row[0] === 'Total du mois')!;
    expect(total[column('Montant (€)')]).to.equal((statement.totals.costCents / 100).toFixed(2).replace('.', ','));
    const comma = await get(`/api/statements/${statement.id}/lines.csv`, w.auditor.auth);
    expect(rowsOf(comma.body as string, ',')[0]).to.deep.equal(header);
  });

  it('is read as the statement is: its agency’s dispatcher, not another agency’s nor another region’s auditor; no unknown parameter', async () => {
    expect((await get(`/api/statements/${statement.id}/lines.csv`, w.dispatcher.auth)).status).to.equal(200);
    // A dispatcher may not list structures: the statement names those of its lines.
    const read = await t.http().get(`/api/statements/${statement.id}`).set('Authorization', w.dispatcher.auth).expect(200);
    expect(read.body.structureNames).to.deep.equal({ [w.structure.id]: 'PASS Lyon' });
    const otherAgency = await aUser('dispatcher', { agencyId: (await anAgency('Agence B')).id });
    expect((await get(`/api/statements/${statement.id}/lines.csv`, `Bearer ${await t.login(otherAgency.email)}`)).status, 'another agency’s dispatcher').to.equal(404);
    const otherRegion = await aUser('auditor', { region: '11' });
    expect((await get(`/api/statements/${statement.id}/lines.csv`, `Bearer ${await t.login(otherRegion.email)}`)).status, 'another region’s auditor').to.equal(404);
    expect((await get(`/api/statements/${statement.id}/lines.csv`, w.requester.auth)).status).to.equal(403);
    expect((await get(`/api/statements/${statement.id}/lines.csv?format=xlsx`, w.auditor.auth)).status).to.equal(400);
  });
});
