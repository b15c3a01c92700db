import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import type { Role } from '../../shared/enums';
import { routeCatalogue } from '../../server/platform/routing';
import { useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';
import { aUser } from '../support/fixtures';

// Operator injection, malformed and oversized bodies on every route, each sent by a role the route
// accepts (so that it gets past access control): a clear 4xx in the API's error format, and not one
// document written anywhere.

const OPERATORS: unknown[] = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' }, ['a', 'b'], { $in: [] }];

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  'x-multiline'?: boolean;
}

/** The dotted paths of a body's text fields that must hold one line (every one but x-multiline). */
function singleLineFields(schema: SchemaNode | undefined, path = ''): string[] {
  if (!schema) return [];
  if (schema.type === 'string') return schema['x-multiline'] ? [] : [path];
  if (schema.type === 'array') return singleLineFields(schema.items, `${path}.0`);
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => singleLineFields(child, path ? `${path}.${key}` : key));
}

/** A body holding `value` at a dotted path (`location.address`, `availability.0.from`). */
function nest(path: string, value: unknown): unknown {
  const [head, ...rest] = path.split('.');
  const inner = rest.length === 0 ? value : nest(rest.join('.'), value);
  return /^\d+$/.test(head!) ? [inner] : { [head!]: inner };
}

async function counts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const result: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) result[name] = await db.collection(name).countDocuments();
  return result;
}

describe('Hostile input on every route', () => {
  const t = useTestApp({ BODY_LIMIT: '100kb' });
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  const auth: Partial<Record<Role, string>> = {};
  let mine: string;

  before(async () => {
    w = await bookingWorld(t, 1);
    const admin = await aUser('admin');
    const national = await aUser('national_auditor');
    Object.assign(auth, { requester: w.requester.auth, interpreter: w.interpreters[0]!.auth, dispatcher: w.dispatcher.auth, auditor: w.auditor.auth, national_auditor: `Bearer ${await t.login(national.email)}`, admin: `Bearer ${await t.login(admin.email)}` });
    mine = (await t.http().post('/api/requests').set('Authorization', w.requester.auth).send({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 30 })).body.id;
  });

  const routes = () => [...routeCatalogue.values()].filter((r) => r.path !== '/api/auth/logout');
  const callerOf = (access: (typeof routes extends () => (infer R)[] ? R : never)['access']) =>
    access === 'public' || access === 'authenticated' ? auth.requester! : auth[access[0]!]!;
  // Real ids where the route reads one, so that a hostile body meets the handler's own checks too.
  const fill = (path: string) => path.replace(':year', '2026').replace('/api/requests/:id', `/api/requests/${mine}`).replace(/:[A-Za-z]*[iI]d\b/g, () => new Types.ObjectId().toString());

  const send = (method: string, path: string, caller: string) =>
    (t.http() as unknown as Record<string, (url: string) => ReturnType<ReturnType<typeof t.http>['post']>>)[method]!(path).set('Authorization', caller);

  const expectClearError = (res: { status: number; body: { error?: { code?: string; message?: string } }; text: string }, what: string) => {
    expect(res.status, what).to.be.within(400, 499);
    expect(res.body.error?.code, `${what}: error code`).to.be.a('string');
    expect(res.text, `${what}: no stack trace`).not.to.match(/\bat .*\.(ts|js):\d+/);
  };

  it('operators in bodies, queries and ids, malformed JSON and oversized bodies: a 4xx each, nothing written', async () => {
    const before = await counts();
    let tried = 0;
    for (const spec of routes()) {
      const caller = callerOf(spec.access);
      const path = fill(spec.path);
      const what = `${spec.method.toUpperCase()} ${spec.path}`;
      // Query strings: bracket syntax stays a literal key (flat parser), operators in values are strings.
      for (const query of ['status[$ne]=open', 'year[$gt]=0', '$where=1', 'limit=1e400', 'limit=Infinity', 'q[]=a&q[]=b', 'groupBy=%00']) {
        const res = await send(spec.method, `${path}?${query}`, caller).send(spec.method === 'get' ? undefined : {});
        tried += 1;
        expect(res.status, `${what}?${query}: ${res.status} ${res.text}`).to.be.below(500);
        if (res.status >= 400) expectClearError(res, `${what}?${query}`);
      }
      // Ids that are not ids.
      if (spec.path.includes(':')) {
        for (const bad of ['{"$ne":null}', '[$gt]', 'a'.repeat(24), '000000000000000000000000/../x']) {
          const res = await send(spec.method, spec.path.replace(/:[A-Za-z]+/, encodeURIComponent(bad)), caller).send(spec.method === 'get' ? undefined : {});
          tried += 1;
          expect(res.status, `${what} with id ${bad}`).to.be.oneOf([400, 404]);
        }
      }
      if (spec.method === 'get') continue;
      // Operators in place of the whole body and of each declared field.
      const fields = Object.keys((spec.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const bodies: unknown[] = [{ $where: '1' }, { $set: { status: 'completed' } }, ...OPERATORS.flatMap((op) => fields.map((f) => ({ [f]: op })))];
      for (const body of bodies) {
        const res = await send(spec.method, path, caller).send(body as object);
        tried += 1;
        expectClearError(res, `${what} ${JSON.stringify(body)}`);
      }
      // A line break (a mail header, a CSV row, a log line) or another control character in every
      // single-line text field, nested ones included: a 400 naming that field.
      for (const field of singleLineFields(spec.body as SchemaNode | undefined)) {
        for (const hostile of ['Dr Test\r\nBcc: x@example.test', 'a\u0000b', 'a\u001bb']) {
          const res = await send(spec.method, path, caller).send(nest(field, hostile) as object);
          tried += 1;
          expectClearError(res, `${what} ${field} ${JSON.stringify(hostile)}`);
          expect(res.status).to.equal(400);
          expect(res.body.error.details, `${what} ${field}`).to.deep.include({ field, code: 'control_characters', message: 'must be one line, without control characters (line breaks, tabs)' });
        }
      }
      const malformed = await send(spec.method, path, caller).set('Content-Type', 'application/json').send('{"language": "ara",');
      // CSV imports take up to 3 MB (server/imports/routes.ts); every other body 100 kB.
      const oversized = await send(spec.method, path, caller).send({ notes: 'x'.repeat(path.startsWith('/api/imports/') ? 3.5 * 1024 * 1024 : 200 * 1024) });
      const array = await send(spec.method, path, caller).send([{ language: 'ara' }]);
      tried += 3;
      expectClearError(malformed, `${what} malformed`);
      expect(malformed.status).to.equal(400);
      expectClearError(oversized, `${what} oversized`);
      expect(oversized.status).to.equal(413);
      expectClearError(array, `${what} array body`);
    }
    expect(await counts(), 'not one document written').to.deep.equal(before);
    console.log(`      (${tried} hostile requests over ${routes().length} routes)`);
    // Some 26 requests a route, for every route the app declares: its time grows with the catalogue.
  }).timeout(60_000);
});
