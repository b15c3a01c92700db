import { expect } from 'chai';
import { SessionModel } from '../../server/auth/store';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';

describe('Authentication', () => {
  const t = useTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });

  it('a login answers the user and a token, and sets an HttpOnly SameSite session cookie', async () => {
    const structure = await aStructure();
    const user = await aUser('requester', { structureId: structure.id });
    const res = await t.http().post('/api/auth/login').send({ email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).to.equal(200);
    expect(res.body.user).to.include({ id: user.id, role: 'requester', structureId: structure.id });
    expect(res.body.user).not.to.have.property('passwordHash');
    expect(res.body.token).to.be.a('string').with.length.above(30);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).to.match(/^sid=/);
    expect(cookie).to.match(/HttpOnly/);
    expect(cookie).to.match(/SameSite=Lax/);
  });

  it('only a hash of the token is stored', async () => {
    const user = await aUser('admin');
    const token = await t.login(user.email);
    const stored = await SessionModel.find({ userId: user.id }).lean();
    expect(stored).to.have.length.greaterThan(0);
    expect(JSON.stringify(stored)).not.to.include(token);
  });

  it('GET /api/me works with the bearer token and with the cookie', async () => {
    const user = await aUser('auditor');
    const login = await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    const byBearer = await t.http().get('/api/me').set('Authorization', `Bearer ${login.body.token}`);
    expect(byBearer.status).to.equal(200);
    expect(byBearer.body.user).to.include({ id: user.id, role: 'auditor' });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const byCookie = await t.http().get('/api/me').set('Cookie', cookie);
    expect(byCookie.status).to.equal(200);
    expect(byCookie.body.user.id).to.equal(user.id);
  });

  it('without a session, or with an unknown token, a route is a 401', async () => {
    expect((await t.http().get('/api/me')).status).to.equal(401);
    const res = await t.http().get('/api/me').set('Authorization', 'Bearer not-a-real-token');
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('unauthenticated');
  });

  it('a wrong password and an unknown e-mail get the same 401', async () => {
    const user = await aUser('admin');
    const wrong = await t.http().post('/api/auth/login').send({ email: user.email, password: 'not-the-password' });
    const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@test.test', password: 'not-the-password' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body).to.deep.equal(unknown.body);
  });

  it('logout revokes the session: the same token is refused afterwards', async () => {
    const user = await aUser('admin');
    const token = await t.login(user.email);
    const out = await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`);
    expect(out.status).to.equal(200);
    expect(String(out.headers['set-cookie'])).to.match(/sid=;/);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('logging out one session leaves the user’s other sessions open', async () => {
    const user = await aUser('admin');
    const first = await t.login(user.email);
    const second = await t.login(user.email);
    await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${first}`);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${second}`)).status).to.equal(200);
  });

  it('an expired session is refused', async () => {
    const user = await aUser('admin');
    const token = await t.login(user.email);
    await SessionModel.updateMany({ userId: user.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('deactivating a user ends their sessions and stops their logins', async () => {
    const admin = await aUser('admin');
    const user = await aUser('auditor');
    const adminToken = await t.login(admin.email);
    const token = await t.login(user.email);
    const res = await t.http().delete(`/api/users/${user.id}`).set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).to.equal(200);
    expect(res.body.active).to.equal(false);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    const again = await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(again.status).to.equal(401);
  });

  it('deactivating a structure ends its requesters’ sessions', async () => {
    const admin = await aUser('admin');
    const structure = await aStructure({ name: 'Structure fermée' });
    const requester = await aUser('requester', { structureId: structure.id });
    const adminToken = await t.login(admin.email);
    const token = await t.login(requester.email);
    await t.http().delete(`/api/structures/${structure.id}`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    expect((await t.http().post('/api/auth/login').send({ email: requester.email, password: TEST_PASSWORD })).status).to.equal(401);
  });

  it('after 3 failed attempts the account is locked with a 429, even with the right password', async () => {
    const user = await aUser('admin');
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http().post('/api/auth/login').send({ email: user.email, password: `wrong-${i}` });
      expect(res.status).to.equal(401);
    }
    const locked = await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(locked.status).to.equal(429);
    expect(locked.body.error.code).to.equal('rate_limited');
    expect(Number(locked.headers['retry-after'])).to.be.greaterThan(0);
  });

  it('a successful login clears the account’s failure count', async () => {
    const user = await aUser('admin');
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 2; i += 1) {
        await t.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      }
      await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    }
  });
});

describe('Authentication: throttling per address', () => {
  const t = useTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '5', LOGIN_MAX_FAILURES: '100' });

  it('an address that tries too many accounts is throttled, whatever the accounts', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await t.http().post('/api/auth/login').send({ email: `guess${i}@test.test`, password: 'password-guess' });
      expect(res.status).to.equal(401);
    }
    const res = await t.http().post('/api/auth/login').send({ email: 'guess99@test.test', password: 'password-guess' });
    expect(res.status).to.equal(429);
  });
});
