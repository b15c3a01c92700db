import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/platform/config';

describe('Configuration', () => {
  const refused = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`configuration ${JSON.stringify(env)} was accepted`);
  };

  it('has working defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 3000, nodeEnv: 'development', mongodbUri: undefined, publicUrl: 'http://localhost:3000' });
    expect(config.dataDir).to.match(/\/data$/);
  });

  it('refuses a port that is not a number, or out of range', () => {
    expect(refused({ PORT: 'abc' })).to.equal('Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")');
    expect(refused({ PORT: '70000' })).to.match(/^Invalid configuration: PORT/);
  });

  it('refuses a MONGODB_URI that is not a mongodb URL, without echoing its password', () => {
    const message = refused({ MONGODB_URI: 'postgres://user:secret@db/x' });
    expect(message).to.match(/MONGODB_URI must be a URL starting with mongodb: or mongodb\+srv:/);
    expect(message).not.to.include('secret');
  });

  it('refuses a short SESSION_SECRET, and requires one in production', () => {
    expect(refused({ SESSION_SECRET: 'short' })).to.match(/SESSION_SECRET must be at least 32 characters/);
    expect(refused({ NODE_ENV: 'production' })).to.match(/SESSION_SECRET is required/);
  });

  it('refuses an unknown NODE_ENV, LOG_LEVEL or SEED_DEMO, and a malformed SMTP_URL or PUBLIC_URL', () => {
    expect(refused({ NODE_ENV: 'prod' })).to.match(/NODE_ENV must be one of development, production, test/);
    expect(refused({ LOG_LEVEL: 'loud' })).to.match(/LOG_LEVEL/);
    expect(refused({ SEED_DEMO: 'yes' })).to.match(/SEED_DEMO/);
    expect(refused({ SMTP_URL: 'mail.example.org' })).to.match(/SMTP_URL/);
    expect(refused({ PUBLIC_URL: 'ftp://x' })).to.match(/PUBLIC_URL/);
  });

  it('takes the region of the demo as an INSEE region code, Auvergne-Rhône-Alpes’s by default, and refuses any other', () => {
    expect(loadConfig({}).demoRegion).to.equal('84');
    expect(loadConfig({ DEMO_REGION: '04' }).demoRegion).to.equal('04');
    expect(refused({ DEMO_REGION: '975' })).to.equal('Invalid configuration: DEMO_REGION must be a region code such as 84, 76, 52 or 04 (got "975")');
    expect(refused({ DEMO_REGION: 'Occitanie' })).to.match(/^Invalid configuration: DEMO_REGION/);
  });

  it('takes a VAPID key pair only whole and matching, never echoing the private key; the subject defaults to the mail sender', () => {
    const pair = { VAPID_PUBLIC_KEY: 'BKiTqZphT5WZVERpfEmaNPcMxuixloKB9JufhIvzoPOgMpUmQVW0smU8Y53Ayi7mOau0n1T2QhmDgu9EfJ9DCrM', VAPID_PRIVATE_KEY: '5kvmeAFQDnT8RZmcFkdx01uKsG1b74iHWSkYaTfqX5c' };
    expect(loadConfig(pair).push).to.deep.equal({ vapid: { publicKey: pair.VAPID_PUBLIC_KEY, privateKey: pair.VAPID_PRIVATE_KEY }, subject: 'mailto:no-reply@localhost' });
    expect(loadConfig({}).push.vapid, 'none: generated at first start').to.equal(undefined);
    expect(refused({ VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY })).to.match(/VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together/);
    expect(refused({ ...pair, VAPID_PUBLIC_KEY: 'not-a-key' })).to.match(/VAPID_PUBLIC_KEY must be a P-256 public key/);
    const wrongPrivate = refused({ ...pair, VAPID_PRIVATE_KEY: 'dG9vLXNob3J0' });
    expect(wrongPrivate).to.match(/VAPID_PRIVATE_KEY must be a P-256 private key/);
    expect(wrongPrivate).not.to.include('dG9vLXNob3J0');
    const otherPrivate = refused({ ...pair, VAPID_PRIVATE_KEY: 'xKZKYRNdFFn8iQIF2MH54KTfUHwH105zBdzMR7SI3xI' });
    expect(otherPrivate).to.match(/VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY/);
    expect(otherPrivate).not.to.include('xKZKYRNdFFn8iQIF2MH54KTfUHwH105zBdzMR7SI3xI');
    expect(loadConfig({ MAIL_FROM: 'Interprétariat <contact@sante.example.org>' }).push.subject).to.equal('mailto:contact@sante.example.org');
    expect(loadConfig({ VAPID_SUBJECT: 'https://sante.example.org/contact' }).push.subject).to.equal('https://sante.example.org/contact');
    expect(refused({ VAPID_SUBJECT: 'http://sante.example.org' })).to.match(/VAPID_SUBJECT must be a mailto: address or an https: URL/);
  });

  it('takes each identity provider whole (issuer, client id, secret) or not at all, over https, never echoing the secret', () => {
    const psc = { OIDC_PSC_ISSUER: 'https://auth.esante.gouv.fr/auth/realms/esante-wallet', OIDC_PSC_CLIENT_ID: 'interpretes', OIDC_PSC_CLIENT_SECRET: 's3cret-value' };
    expect(loadConfig({}).oidc, 'none configured: no button').to.deep.equal({});
    expect(loadConfig(psc).oidc).to.deep.equal({ psc: { issuer: psc.OIDC_PSC_ISSUER, clientId: 'interpretes', clientSecret: 's3cret-value' } });
    expect(refused({ OIDC_PSC_ISSUER: psc.OIDC_PSC_ISSUER })).to.equal('Invalid configuration: OIDC_PSC_ISSUER, OIDC_PSC_CLIENT_ID and OIDC_PSC_CLIENT_SECRET go together (set all three, or none)');
    expect(refused({ OIDC_PROCONNECT_CLIENT_ID: 'x', OIDC_PROCONNECT_CLIENT_SECRET: 'y' })).to.match(/OIDC_PROCONNECT_ISSUER, OIDC_PROCONNECT_CLIENT_ID and OIDC_PROCONNECT_CLIENT_SECRET go together/);
    expect(refused({ ...psc, OIDC_PSC_ISSUER: 'http://auth.example.org' })).to.match(/OIDC_PSC_ISSUER must be an https: URL \(http: only on localhost\)/);
    expect(loadConfig({ ...psc, OIDC_PSC_ISSUER: 'http://127.0.0.1:9000' }).oidc.psc?.issuer, 'a provider on this machine').to.equal('http://127.0.0.1:9000');
    const secret = refused({ ...psc, OIDC_PSC_CLIENT_SECRET: 'with space' });
    expect(secret).to.match(/OIDC_PSC_CLIENT_SECRET must be/);
    expect(secret).not.to.include('with space');
  });

  it('a wrong value stops the start with one clear line and a non-zero exit', function () {
    this.timeout(30_000);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: 'abc', MONGODB_URI: '' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.status).to.equal(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.deep.equal(['Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")']);
  });
});
