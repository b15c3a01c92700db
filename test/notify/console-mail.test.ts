import { expect } from 'chai';
import { createTransport } from '../../server/notify/mailer';
import { loadConfig } from '../../server/platform/config';
import { createLogger } from '../../server/platform/logger';

// `npm start` on a laptop has no SMTP server: the links a newcomer needs (invitation, reset) are printed.

describe('Mail without SMTP_URL', () => {
  const logger = createLogger('silent');

  it('in development, each mail is printed on the console with its recipient, subject and text, and counts as sent', async () => {
    const transport = createTransport(loadConfig({ NODE_ENV: 'development' }), logger);
    expect(transport, 'a transport in development').to.not.equal(undefined);
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const info = await transport!.sendMail({ from: 'no-reply@localhost', to: ['ines@pass.test'], subject: 'Votre invitation', text: 'Choisissez votre mot de passe : http://localhost:3000/#/mot-de-passe?jeton=abc' });
      expect(info.messageId).to.be.a('string');
    } finally {
      process.stderr.write = write;
    }
    const output = printed.join('');
    expect(output).to.include('To: ines@pass.test').and.include('Subject: Votre invitation').and.include('http://localhost:3000/#/mot-de-passe?jeton=abc');
  });

  it('in production and in tests, nothing is sent: mail waits in the outbox until SMTP_URL is set', () => {
    expect(createTransport(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }), logger)).to.equal(undefined);
    expect(createTransport(loadConfig({ NODE_ENV: 'test' }), logger)).to.equal(undefined);
  });
});
