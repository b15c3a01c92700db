import { expect } from 'chai';
import { requestPasswordReset } from '../../server/accounts/passwords';
import { passwordProblem } from '../../server/auth/password-policy';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { everythingStored } from '../support/db';
import { aUser } from '../support/fixtures';
import { LINK, recipients, useMailbox } from './support';

const NEW_PASSWORD = 'trois-mots-au-hasard';

describe('Password reset by e-mail: a one-time link valid one hour', () => {
  const t = useTestApp({ PASSWORD_RESET_MAX_PER_IP: '1000' });
  const mailbox = useMailbox();
  const reset = (email: string) => t.http().post('/api/auth/password-reset').send({ email });
  const setPassword = (token: string, password = NEW_PASSWORD) => t.http().post('/api/auth/set-password').send({ token, password });
  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });

  it('a known and an unknown address get the same 202 and the same body; only the known one gets a mail', async () => {
    const user = await aUser('auditor');
    const known = await reset(user.email.toUpperCase());
    const unknown = await reset('personne@nulle-part.test');
    expect(known.status).to.equal(202);
    expect(unknown.status).to.equal(202);
    expect(known.body).to.deep.equal(unknown.body);
    expect(known.headers['content-length']).to.equal(unknown.headers['content-length']);
    const mails = await mailbox.delivered();
    expect(mails.map(recipients)).to.deep.equal([[user.email]]);
    expect(mails[0]!.subject).to.equal('Réinitialisation de votre mot de passe');
    expect(mails[0]!.text).to.match(/jusqu’au \S+ \d+ \S+ \d{4} à \d\dh\d\d/);
    expect(mails[0]!.text).to.match(new RegExp(`^http://localhost:0${LINK.source.replace(/\\\//g, '/')}`, 'm'));
  });

  it('the link sets the password once: the old password stops working, the new one works, a second use is refused', async () => {
    const user = await aUser('auditor');
    await reset(user.email).expect(202);
    const token = await mailbox.tokenFor(user.email);
    const done = await setPassword(token);
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body).to.deep.equal({ email: user.email });
    expect((await login(user.email, TEST_PASSWORD)).status).to.equal(401);
    expect((await login(user.email, NEW_PASSWORD)).status).to.equal(200);
    const again = await setPassword(token, 'encore-un-autre-mot');
    expect(again.status).to.equal(400);
    expect(again.body.error.code).to.equal('invalid_token');
    expect((await login(user.email, NEW_PASSWORD)).status).to.equal(200);
  });

  it('a link an hour old is refused, and sets nothing', async () => {
    const user = await aUser('auditor');
    requestPasswordReset(user.email, { publicUrl: t.config.publicUrl, now: new Date(Date.now() - 3600_000 - 1000), onError: (e) => { throw e; } });
    const token = await mailbox.tokenFor(user.email);
    const res = await setPassword(token);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_token');
    expect((await login(user.email, TEST_PASSWORD)).status).to.equal(200);
  });

  it('a link 59 minutes old still works', async () => {
    const user = await aUser('auditor');
    requestPasswordReset(user.email, { publicUrl: t.config.publicUrl, now: new Date(Date.now() - 59 * 60_000), onError: (e) => { throw e; } });
    expect((await setPassword(await mailbox.tokenFor(user.email))).status).to.equal(200);
  });

  it('setting the password ends every session of the user, and tells them by mail', async () => {
    const user = await aUser('auditor');
    const sessions = [await t.login(user.email), await t.login(user.email)];
    await reset(user.email).expect(202);
    await setPassword(await mailbox.tokenFor(user.email)).expect(200);
    for (const token of sessions) expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    const told = await mailbox.delivered();
    expect(told.map((m) => m.subject)).to.deep.equal(['Votre mot de passe a été modifié']);
  });

  it('two uses of one link at the same time: exactly one sets the password', async () => {
    const user = await aUser('auditor');
    await reset(user.email).expect(202);
    const token = await mailbox.tokenFor(user.email);
    const results = await Promise.all([setPassword(token, 'premier-mot-de-passe'), setPassword(token, 'second-mot-de-passe')]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 400]);
    const winner = results[0]!.status === 200 ? 'premier-mot-de-passe' : 'second-mot-de-passe';
    expect((await login(user.email, winner)).status).to.equal(200);
  });

  it('a new password from any link voids the user’s other links', async () => {
    const user = await aUser('auditor');
    await reset(user.email).expect(202);
    await reset(user.email).expect(202);
    const tokens = (await mailbox.delivered()).map((m) => LINK.exec(m.text!)![1]!);
    expect(tokens).to.have.length(2);
    await setPassword(tokens[0]!).expect(200);
    expect((await setPassword(tokens[1]!, 'autre-mot-de-passe-long')).status).to.equal(400);
  });

  it('only the token’s SHA-256 is stored, and the mail’s text is blanked in the outbox once sent', async () => {
    const user = await aUser('auditor');
    await reset(user.email).expect(202);
    const token = await mailbox.tokenFor(user.email);
    // No API shows the tokens nor the outbox: the whole database is read, the one-time tokens and the outbox with it.
    const stored = await everythingStored();
    expect(stored).to.include('one_time_tokens').and.include('outbox');
    expect(stored).not.to.include(token);
  });

  it('11 characters are refused; a common password is refused with a French message; neither spends the link', async () => {
    const user = await aUser('auditor');
    await reset(user.email).expect(202);
    const token = await mailbox.tokenFor(user.email);
    const short = await setPassword(token, 'onze-caract');
    expect(short.status).to.equal(400);
    expect(short.body.error.details).to.deep.include({ field: 'password', code: 'minLength', message: 'must NOT have fewer than 12 characters' });
    for (const common of ['qwertyuiop123', 'Motdepasse2024!', 'azertyazertyazerty']) {
      const res = await setPassword(token, common);
      expect(res.status, common).to.equal(400);
      expect(res.body.error.code).to.equal('weak_password');
      expect(res.body.error.details[0]).to.include({ field: 'password', code: 'weak_password' });
      expect(res.body.error.message).to.match(/^Ce mot de passe (fait partie des plus courants|répète le même motif)/);
    }
    expect((await setPassword(token, `${user.email}-2026`)).body.error.message).to.equal('Le mot de passe ne doit pas reprendre votre adresse e-mail.');
    expect((await setPassword(token)).status).to.equal(200);
  });

  it('bad bodies are a 400 and write nothing', async () => {
    const user = await aUser('auditor');
    await mailbox.delivered();
    const before = await everythingStored();
    for (const body of [{}, { email: 'pas-une-adresse' }, { email: user.email, extra: 1 }, { email: { $ne: null } }, { email: [user.email] }]) {
      expect((await t.http().post('/api/auth/password-reset').send(body)).status, JSON.stringify(body)).to.equal(400);
    }
    for (const body of [{}, { token: 'court', password: NEW_PASSWORD }, { token: 'a'.repeat(43) }, { token: { $gt: '' }, password: NEW_PASSWORD }, { token: 'a'.repeat(43), password: NEW_PASSWORD, userId: user.id }]) {
      expect((await t.http().post('/api/auth/set-password').send(body)).status, JSON.stringify(body)).to.equal(400);
    }
    expect((await setPassword('a'.repeat(43))).body.error.code).to.equal('invalid_token');
    // No token, mail, user nor password written: the database is as it was, nothing is mailed, the password still works.
    expect(await everythingStored()).to.equal(before);
    expect(await mailbox.delivered()).to.deep.equal([]);
    expect((await login(user.email, TEST_PASSWORD)).status).to.equal(200);
  });

  it('the page the link opens is served with Referrer-Policy: no-referrer', async () => {
    const res = await t.http().get('/api/me');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
  });
});

describe('Password reset throttling', () => {
  const t = useTestApp({ PASSWORD_RESET_MAX_PER_IP: '5', PASSWORD_RESET_MAX_PER_ACCOUNT: '2' });
  const mailbox = useMailbox();

  it('one address gets at most 2 mails an hour, with the same 202 answer after; 5 requests from one address, then 429', async () => {
    const user = await aUser('auditor');
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await t.http().post('/api/auth/password-reset').send({ email: user.email }));
    expect(answers.map((a) => a.status)).to.deep.equal([202, 202, 202, 202, 202]);
    expect((await mailbox.delivered()).map(recipients)).to.deep.equal([[user.email], [user.email]]);
    const blocked = await t.http().post('/api/auth/password-reset').send({ email: 'autre@test.test' });
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
  });

  it('5 refused links from one address: the next try is a 429, even with a good link', async () => {
    for (let i = 0; i < 5; i += 1) expect((await t.http().post('/api/auth/set-password').send({ token: `${i}`.repeat(43), password: NEW_PASSWORD })).status).to.equal(400);
    expect((await t.http().post('/api/auth/set-password').send({ token: 'z'.repeat(43), password: NEW_PASSWORD })).status).to.equal(429);
  });
});

describe('Password policy', () => {
  it('keeps the passwords the demo, the tests and the load runs use', () => {
    for (const ok of ['demo-demo-demo', TEST_PASSWORD, 'long-enough-password', 'motdepasse-long', 'a-brand-new-password']) expect(passwordProblem(ok), ok).to.equal(undefined);
  });
  it('refuses a repeated short motif and a common password repeated', () => {
    expect(passwordProblem('abababababab')).to.match(/répète le même motif/);
    expect(passwordProblem('111111111111')).to.match(/plus courants|répète/);
    expect(passwordProblem('azertyazertyazerty')).to.match(/plus courants/);
  });
});
