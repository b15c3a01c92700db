import { expect } from 'chai';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { bookingWorld, parisIn } from '../support/booking';

describe('Cross-site request forgery and request limits', () => {
  const t = useTestApp({ BOOKING_MAX_PER_MINUTE: '5', PUBLIC_URL: 'https://interpretes.example.org' });
  let w: Awaited<ReturnType<typeof bookingWorld>>;
  let cookies: string;
  let csrf: string;

  before(async () => {
    w = await bookingWorld(t, 1);
    const login = await t.http().post('/api/auth/login').send({ email: w.requester.email, password: TEST_PASSWORD });
    const set = login.headers['set-cookie'] as unknown as string[];
    cookies = set.map((c) => c.split(';')[0]).join('; ');
    csrf = /csrf=([^;]+)/.exec(cookies)![1]!;
    expect(set.find((c) => c.startsWith('csrf='))).not.to.match(/HttpOnly/);
  });

  const cancelBody = { reason: 'test' };
  const aRequest = async () => (await t.http().post('/api/requests').set('Authorization', w.requester.auth)
    .send({ language: 'ara', modality: 'video', start: parisIn(3, '10:00'), durationMinutes: 30 })).body as { id: string };

  it('a change made with the session cookie but without the X-CSRF-Token header is refused (403) and changes nothing', async () => {
    const mine = await aRequest();
    const res = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Cookie', cookies).send(cancelBody);
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('csrf_failed');
    const wrong = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Cookie', cookies).set('X-CSRF-Token', `${csrf.slice(0, -2)}xx`).send(cancelBody);
    expect(wrong.status).to.equal(403);
    expect((await t.http().get(`/api/requests/${mine.id}`).set('Authorization', w.requester.auth)).body).to.include({ status: 'open' });
  });

  it('the same change with the header the page echoes from the csrf cookie goes through', async () => {
    const mine = await aRequest();
    const res = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Cookie', cookies).set('X-CSRF-Token', csrf).send(cancelBody);
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('cancelled');
  });

  it('reads with the cookie need no header; calls with a bearer token need none either', async () => {
    expect((await t.http().get('/api/requests').set('Cookie', cookies)).status).to.equal(200);
    const mine = await aRequest();
    expect((await t.http().post(`/api/requests/${mine.id}/cancel`).set('Authorization', w.requester.auth).send(cancelBody)).status).to.equal(200);
  });

  it('a request whose Origin is another site is refused, even with a valid header, and so is a login from there', async () => {
    const mine = await aRequest();
    const res = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Cookie', cookies).set('X-CSRF-Token', csrf).set('Origin', 'https://evil.example.com').send(cancelBody);
    expect(res.status).to.equal(403);
    const login = await t.http().post('/api/auth/login').set('Origin', 'https://evil.example.com').send({ email: w.requester.email, password: TEST_PASSWORD });
    expect(login.status).to.equal(403);
    expect(login.headers['set-cookie']).to.equal(undefined);
    const ours = await t.http().post(`/api/requests/${mine.id}/cancel`).set('Cookie', cookies).set('X-CSRF-Token', csrf).set('Origin', 'https://interpretes.example.org').send(cancelBody);
    expect(ours.status).to.equal(200);
  });

  it('a requester may post 5 requests a minute here; the 6th is a 429 with Retry-After and writes nothing', async () => {
    const other = `Bearer ${await t.login(w.otherRequester.email)}`;
    const post = () => t.http().post('/api/requests').set('Authorization', other)
      .send({ language: 'ara', modality: 'video', start: parisIn(4, '11:00'), durationMinutes: 30 });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post()).status);
    expect(statuses).to.deep.equal([201, 201, 201, 201, 201]);
    const refused = await post();
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
    expect((await t.http().get('/api/requests').set('Authorization', other)).body, 'the structure’s requests').to.have.length(5);
    // The limit is per requester: another one of the same minute still books.
    expect((await aRequest()).id).to.be.a('string');
  });
});
