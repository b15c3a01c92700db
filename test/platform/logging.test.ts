import { Writable } from 'node:stream';
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/platform/logger';
import { testConfig, TEST_PASSWORD, useTestApp } from '../support/app';
import { aUser } from '../support/fixtures';

describe('Logs', () => {
  useTestApp();

  it('record each request with its id, and never a password, a token, a cookie or a query string', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp(testConfig(), createLogger('info', sink));
    const user = await aUser('admin');
    const login = await supertest(app).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    const token = login.body.token as string;
    await supertest(app).get('/api/languages?q=secret-search-term').set('Authorization', `Bearer ${token}`).expect(200);
    await supertest(app).get('/api/me').set('Cookie', `sid=${token}`).expect(200);
    await supertest(app).post('/api/auth/login').send({ email: user.email, password: 'wrong-password-typed' }).expect(401);

    const log = lines.join('');
    expect(lines.length).to.be.at.least(4);
    const entries = lines.map((line) => JSON.parse(line) as { req?: { id: string; path: string } });
    expect(entries.every((entry) => entry.req?.id)).to.equal(true);
    expect(entries.map((entry) => entry.req?.path)).to.include('/api/languages');
    for (const secret of [TEST_PASSWORD, 'wrong-password-typed', token, 'secret-search-term']) {
      expect(log).not.to.include(secret);
    }
  });
});
