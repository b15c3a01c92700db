import { expect } from 'chai';
import { sendInvitation } from '../../server/accounts/invitations';
import { TEST_PASSWORD, useTestApp } from '../support/app';
import { aStructure, aUser } from '../support/fixtures';
import { LINK, recipients, useMailbox } from './support';

const CHOSEN = 'un-mot-de-passe-choisi';

describe('Accounts by invitation: POST /api/users without a password', () => {
  const t = useTestApp();
  const mailbox = useMailbox();
  let admin: string;
  let structureId: string;
  before(async () => {
    admin = `Bearer ${await t.login((await aUser('admin')).email)}`;
    structureId = (await aStructure({ name: 'PASS Hôpital Nord' })).id;
  });
  const invite = (body: object) => t.http().post('/api/users').set('Authorization', admin).send(body);
  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });

  it('end to end: the mail arrives through SMTP, its link sets a password, and the user logs in', async () => {
    const res = await invite({ email: 'Nouvelle.Recrue@Pass.test', name: 'Nouvelle Recrue', role: 'requester', structureId });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ email: 'nouvelle.recrue@pass.test', invitationPending: true, active: true });
    expect((await login('nouvelle.recrue@pass.test', CHOSEN)).status, 'no password yet: no login').to.equal(401);

    const mails = await mailbox.delivered();
    expect(mails).to.have.length(1);
    const mail = mails[0]!;
    expect(recipients(mail)).to.deep.equal(['nouvelle.recrue@pass.test']);
    expect(mail.subject).to.equal('Votre compte Interprétariat santé : choisissez votre mot de passe');
    expect(mail.text).to.include('Bonjour Nouvelle Recrue').and.include('pour PASS Hôpital Nord').and.include('Test admin vous a ouvert un compte');
    const token = LINK.exec(mail.text!)![1]!;

    const set = await t.http().post('/api/auth/set-password').send({ token, password: CHOSEN });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    const logged = await login('nouvelle.recrue@pass.test', CHOSEN);
    expect(logged.status).to.equal(200);
    expect(logged.body.user).to.include({ role: 'requester', structureId, invitationPending: false });
    expect((await t.http().post('/api/auth/set-password').send({ token, password: 'encore-un-essai-long' })).status, 'single use').to.equal(400);
  });

  it('choosing the password from the invitation signs the person in: a session cookie and a token, as login answers; the link serves once', async () => {
    await invite({ email: 'accueil@pass.test', name: 'Accueil', role: 'requester', structureId });
    const token = await mailbox.tokenFor('accueil@pass.test');
    const set = await t.http().post('/api/auth/set-password').send({ token, password: CHOSEN });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.user).to.include({ email: 'accueil@pass.test', role: 'requester', invitationPending: false });
    const cookies = ([] as string[]).concat(set.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('sid='));
    expect(session, 'a session cookie').to.match(/HttpOnly/i).and.match(/SameSite=Lax/i);
    expect(cookies.some((c) => c.startsWith('csrf=')), 'its CSRF cookie').to.equal(true);
    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${set.body.token}`);
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ email: 'accueil@pass.test' });
    const again = await t.http().post('/api/auth/set-password').send({ token, password: 'un-autre-mot-de-passe' });
    expect([again.status, again.body.token], 'the link serves once, and signs nobody in twice').to.deep.equal([400, undefined]);
  });

  it('a password reset link signs nobody in: the new password is typed at login', async () => {
    await invite({ email: 'oubli@pass.test', name: 'Oubli', role: 'requester', structureId });
    await t.http().post('/api/auth/set-password').send({ token: await mailbox.tokenFor('oubli@pass.test'), password: CHOSEN }).expect(200);
    await t.http().post('/api/auth/password-reset').send({ email: 'oubli@pass.test' }).expect(202);
    const reset = await t.http().post('/api/auth/set-password').send({ token: await mailbox.tokenFor('oubli@pass.test'), password: 'encore-un-autre-long' });
    expect(reset.status).to.equal(200);
    expect(reset.body).to.deep.equal({ email: 'oubli@pass.test' });
    expect(reset.headers['set-cookie'] ?? []).to.deep.equal([]);
  });

  it('with a password, POST /api/users still creates a user who logs in at once, and sends nothing', async () => {
    const res = await invite({ email: 'direct@test.test', password: TEST_PASSWORD, name: 'Direct', role: 'auditor', region: '84' });
    expect(res.status).to.equal(201);
    expect(res.body.invitationPending).to.equal(false);
    expect((await login('direct@test.test', TEST_PASSWORD)).status).to.equal(200);
    expect(await mailbox.delivered()).to.deep.equal([]);
  });

  it('an invitation link 72 hours old is refused', async () => {
    const user = (await invite({ email: 'tardif@test.test', name: 'Tardif', role: 'auditor', region: '84' })).body;
    await mailbox.delivered();
    await sendInvitation(user, { publicUrl: t.config.publicUrl, inviterName: 'Admin', now: new Date(Date.now() - 72 * 3600_000 - 1000) });
    const token = await mailbox.tokenFor('tardif@test.test');
    const res = await t.http().post('/api/auth/set-password').send({ token, password: CHOSEN });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_token');
  });

  it('resending an invitation voids the previous link; once accepted, a resend is a 409', async () => {
    const user = (await invite({ email: 'relance@test.test', name: 'Relance', role: 'auditor', region: '84' })).body;
    const first = await mailbox.tokenFor('relance@test.test');
    const again = await t.http().post(`/api/users/${user.id}/invitation`).set('Authorization', admin);
    expect(again.status).to.equal(200);
    const second = await mailbox.tokenFor('relance@test.test');
    expect((await t.http().post('/api/auth/set-password').send({ token: first, password: CHOSEN })).status).to.equal(400);
    expect((await t.http().post('/api/auth/set-password').send({ token: second, password: CHOSEN })).status).to.equal(200);
    const late = await t.http().post(`/api/users/${user.id}/invitation`).set('Authorization', admin);
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('invitation_accepted');
  });

  it('a weak password given by the admin is refused with the French reason, and nothing is written', async () => {
    const users = async () => ((await t.http().get('/api/users').set('Authorization', admin)).body as unknown[]).length;
    const before = await users();
    const res = await invite({ email: 'faible@test.test', password: 'password1234', name: 'Faible', role: 'auditor', region: '84' });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('weak_password');
    expect(res.body.error.message).to.match(/^Ce mot de passe fait partie des plus courants/);
    expect(await users()).to.equal(before);
    expect((await login('faible@test.test', 'password1234')).status).to.equal(401);
  });

  it('a deactivated user’s invitation link is refused', async () => {
    const user = (await invite({ email: 'parti@test.test', name: 'Parti', role: 'auditor', region: '84' })).body;
    const token = await mailbox.tokenFor('parti@test.test');
    await t.http().delete(`/api/users/${user.id}`).set('Authorization', admin).expect(200);
    expect((await t.http().post('/api/auth/set-password').send({ token, password: CHOSEN })).body.error.code).to.equal('invalid_token');
  });
});

describe('Changing one’s password: PUT /api/me/password', () => {
  const t = useTestApp({ LOGIN_MAX_FAILURES: '3' });
  const mailbox = useMailbox();
  const change = (token: string, body: object) => t.http().put('/api/me/password').set('Authorization', `Bearer ${token}`).send(body);

  it('keeps the current session, ends the others, and the new password works', async () => {
    const user = await aUser('auditor');
    const here = await t.login(user.email);
    const elsewhere = await t.login(user.email);
    const res = await change(here, { currentPassword: TEST_PASSWORD, newPassword: CHOSEN });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${here}`)).status).to.equal(200);
    expect((await t.http().get('/api/me').set('Authorization', `Bearer ${elsewhere}`)).status).to.equal(401);
    expect((await t.http().post('/api/auth/login').send({ email: user.email, password: CHOSEN })).status).to.equal(200);
    expect((await mailbox.delivered()).map((m) => m.subject)).to.deep.equal(['Votre mot de passe a été modifié']);
  });

  it('a wrong current password is a 400 that counts as a failed login: the third locks the account (429)', async () => {
    const user = await aUser('auditor');
    const token = await t.login(user.email);
    for (let i = 0; i < 3; i += 1) {
      const res = await change(token, { currentPassword: `faux-${i}`, newPassword: CHOSEN });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('wrong_password');
    }
    expect((await change(token, { currentPassword: TEST_PASSWORD, newPassword: CHOSEN })).status).to.equal(429);
  });

  it('a new password of 11 characters or a common one is refused before the current one is even checked', async () => {
    const user = await aUser('auditor');
    const token = await t.login(user.email);
    expect((await change(token, { currentPassword: TEST_PASSWORD, newPassword: 'onze-caract' })).status).to.equal(400);
    const common = await change(token, { currentPassword: 'pas-le-bon', newPassword: 'iloveyou123456' });
    expect(common.body.error.code).to.equal('weak_password');
    expect(common.body.error.details[0].field).to.equal('newPassword');
  });
});
