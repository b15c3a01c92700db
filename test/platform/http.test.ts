import { expect } from 'chai';
import { useTestApp } from '../support/app';

describe('HTTP platform', () => {
  const t = useTestApp();

  it('GET /health answers ok while the process runs', async () => {
    const res = await t.http().get('/health');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('GET /ready answers 200 once the database answers', async () => {
    const res = await t.http().get('/ready');
    expect(res.status).to.equal(200);
  });

  it('an unknown API route is a 404 in the API error format', async () => {
    const res = await t.http().get('/api/nothing-here');
    expect(res.status).to.equal(404);
    expect(res.body.error).to.include({ code: 'not_found' });
    expect(res.body.error.message).to.be.a('string');
  });

  it('a malformed JSON body is a 400 without a stack trace', async () => {
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email": ');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_input');
    expect(JSON.stringify(res.body)).not.to.match(/at .*\.ts|node_modules|SyntaxError/);
  });

  it('a body over the size limit is refused with 413', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'a@b.fr', password: 'x'.repeat(200_000) });
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('payload_too_large');
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await t.http().get('/health');
    expect(res.headers).to.have.property('content-security-policy');
    expect(res.headers).to.have.property('x-content-type-options', 'nosniff');
    expect(res.headers).to.have.property('strict-transport-security');
    expect(res.headers).not.to.have.property('x-powered-by');
  });

  it('gives every response a request id, and keeps a well-formed one from the caller', async () => {
    const generated = await t.http().get('/health');
    expect(generated.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    const given = await t.http().get('/health').set('X-Request-Id', 'trace-1234567');
    expect(given.headers['x-request-id']).to.equal('trace-1234567');
    const hostile = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces and {braces}');
    expect(hostile.headers['x-request-id']).not.to.include('bad');
  });

  it('serves an OpenAPI document generated from the validation schemas', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(res.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.$ref).to.equal(
      '#/components/schemas/LoginBody',
    );
    const { interpreterCreateBody } = await import('../../shared/schemas/directory');
    const { $id: _id, ...expected } = interpreterCreateBody;
    expect(res.body.components.schemas.InterpreterCreateBody).to.deep.equal(JSON.parse(JSON.stringify(expected)));
    expect(res.body.paths['/api/structures/{id}'].get.parameters[0]).to.include({ name: 'id', in: 'path' });
    const languageParams = res.body.paths['/api/languages'].get.parameters.map((p: { name: string }) => p.name);
    expect(languageParams).to.include.members(['q', 'limit']);
  });
});
