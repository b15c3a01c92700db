import { expect } from 'chai';
import { Types } from 'mongoose';
import type { Role } from '../../shared/enums';
import { routeCatalogue } from '../../server/platform/routing';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';
import { aUser } from '../support/fixtures';

// Every route the app declares, called by every role: the matrix is read from the route catalogue itself,
// so a route added later is covered without editing this file.

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', 'requester', 'interpreter', 'dispatcher', 'auditor', 'national_auditor', 'admin'];

describe('Authorization matrix over every route', () => {
  const t = useTestApp();
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const auth: Partial<Record<Caller, string>> = {};

  before(async () => {
    w = await bookingWorld(t, 1);
    const admin = await aUser('admin');
    const national = await aUser('national_auditor');
    Object.assign(auth, {
      requester: w.requester.auth,
      interpreter: w.interpreters[0]!.auth,
      dispatcher: w.dispatcher.auth,
      auditor: w.auditor.auth,
      national_auditor: `Bearer ${await t.login(national.email)}`,
      admin: `Bearer ${await t.login(admin.email)}`,
    });
  });

  const nowhere = () => new Types.ObjectId().toString();
  const fill = (path: string) => path.replace(':year', '2026').replace(/:[A-Za-z]*[iI]d\b/g, nowhere);
  const call = (method: string, path: string, caller: Caller) => {
    const req = (t.http() as unknown as Record<string, (url: string) => ReturnType<ReturnType<typeof t.http>['get']>>)[method]!(path);
    if (caller !== 'anonymous') req.set('Authorization', auth[caller]!);
    // Logging out would end the session the next routes need.
    return method === 'get' ? req : req.send({});
  };

  it('anonymous callers get 401, roles outside a route’s list 403, the others reach the route (never 401/403/5xx)', async () => {
    const routes = [...routeCatalogue.values()].filter((r) => r.path !== '/api/auth/logout');
    expect(routes.length, 'the catalogue holds the app’s routes').to.be.greaterThan(40);
    const wrong: string[] = [];
    let calls = 0;
    for (const spec of routes) {
      for (const caller of CALLERS) {
        const res = await call(spec.method, fill(spec.path), caller);
        calls += 1;
        const allowed = spec.access === 'public' || (caller !== 'anonymous' && (spec.access === 'authenticated' || spec.access.includes(caller)));
        const expected = allowed ? 'reached' : caller === 'anonymous' ? 401 : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : res.status >= 500 ? `5xx:${res.status}` : 'reached';
        if (got !== expected) wrong.push(`${spec.method.toUpperCase()} ${spec.path} as ${caller}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(wrong).to.deep.equal([]);
    console.log(`      (${routes.length} routes x ${CALLERS.length} callers = ${calls} calls)`);
  });

  describe('objects of another structure, agency or interpreter are not found (404), never shown', () => {
    let theirs: string;
    before(async () => {
      const res = await t.http().post('/api/requests').set('Authorization', w.otherRequester.auth)
        .send({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 30, patientRef: 'XY-12', notes: 'note' });
      theirs = res.body.id;
    });

    it('a requester of another structure cannot read, quote or cancel it', async () => {
      for (const [method, path] of [['get', `/api/requests/${theirs}`], ['get', `/api/requests/${theirs}/cancellation-quote`], ['post', `/api/requests/${theirs}/cancel`]] as const) {
        const res = await (method === 'get' ? t.http().get(path) : t.http().post(path).send({ reason: 'x' })).set('Authorization', w.requester.auth);
        expect(res.status, `${method} ${path}`).to.equal(404);
      }
      const list = await t.http().get('/api/requests').set('Authorization', w.requester.auth);
      expect(list.body.map((r: { id: string }) => r.id)).not.to.include(theirs);
    });

    it('an interpreter who was not offered or assigned it cannot read, complete or withdraw it', async () => {
      const interpreter = w.interpreters[0]!.auth;
      expect((await t.http().get(`/api/requests/${theirs}`).set('Authorization', interpreter)).status).to.equal(404);
      expect((await t.http().post(`/api/requests/${theirs}/complete`).set('Authorization', interpreter).send({ actualMinutes: 10, outcome: 'done', heldByCallback: true })).status).to.equal(404);
      expect((await t.http().post(`/api/requests/${theirs}/withdraw`).set('Authorization', interpreter).send({ reason: 'x' })).status).to.equal(404);
    });

    it('a requester’s reports hold their own structure only', async () => {
      const usage = await t.http().get('/api/reports/budget?year=2026').set('Authorization', w.requester.auth);
      expect(usage.status).to.equal(200);
      expect(usage.body.rows.every((r: { structureId: string }) => r.structureId === w.structure.id)).to.equal(true);
      expect(usage.body.region).to.equal(undefined);
    });

    it('auditors see every request, without the patient’s reference or notes', async () => {
      const res = await t.http().get(`/api/requests/${theirs}`).set('Authorization', w.auditor.auth);
      expect(res.status).to.equal(200);
      expect(JSON.stringify(res.body)).not.to.match(/XY-12|note/);
    });
  });
});
