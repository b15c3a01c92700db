import { expect } from 'chai';
import { DateTime } from 'luxon';
import { warnOfExpiries } from '../../server/directory/qualification-expiries';
import { useTestApp } from '../support/app';
import { anAgency, anInterpreter, aUser } from '../support/fixtures';
import { recipients, useInbox } from '../support/mail';

// The interpreter and their agency's dispatchers are told 60 and 15 days before a qualification's last
// valid day, by mail, once each (server/directory/qualification-expiries.ts).
describe('Qualification expiry warnings', () => {
  const t = useTestApp();
  const inbox = useInbox(t);
  // The check runs at 08:00 Paris on `day`, days from a fixed last valid day.
  const lastDay = DateTime.now().setZone('Europe/Paris').plus({ days: 100 }).startOf('day');
  const on = (daysBefore: number) => lastDay.minus({ days: daysBefore }).set({ hour: 8 }).toJSDate();
  let interpreter: { email: string };
  let dispatcher: { email: string };
  let received = 0;
  const newMails = async () => {
    const all = await inbox.received();
    const fresh = all.slice(received);
    received = all.length;
    return fresh.map((mail) => ({ to: recipients(mail), subject: mail.subject ?? '', text: mail.text ?? '' }));
  };

  /** The mails a check on `at` queues, as delivered. */
  const newMailsOf = async (at: Date) => {
    await warnOfExpiries(at);
    return newMails();
  };
  let agencyId: string;
  before(async () => {
    const agency = await anAgency('Agence A');
    agencyId = agency.id;
    const other = await anAgency('Agence B');
    dispatcher = await aUser('dispatcher', { agencyId: agency.id });
    await aUser('dispatcher', { agencyId: other.id });
    interpreter = await anInterpreter(agency.id, { name: 'Sima Karimi', qualifications: [{ code: 'mental_health', obtainedOn: '2023-01-02', validUntil: lastDay.toISODate() }, { code: 'health_interpreting', obtainedOn: '2020-01-02' }] });
  });

  it('61 days before: nothing; 60 days before: the interpreter and her agency’s dispatcher, never another agency’s, each told once however often the check runs', async () => {
    await warnOfExpiries(on(61));
    expect(await newMails()).to.deep.equal([]);
    await warnOfExpiries(on(60));
    await warnOfExpiries(on(60));
    await warnOfExpiries(on(50));
    const mails = await newMails();
    expect(mails.map((m) => m.to).flat().sort()).to.deep.equal([dispatcher.email, interpreter.email].sort());
    const day = lastDay.setLocale('fr').toFormat('d LLLL yyyy');
    expect(mails.find((m) => m.to.includes(interpreter.email))!.subject).to.equal(`Votre qualification « Formation santé mentale » expire le ${day}`);
    expect(mails.find((m) => m.to.includes(dispatcher.email))!.text).to.contain(`La qualification « Formation santé mentale » de Sima Karimi est valable jusqu’au ${day} inclus (dans 60 jours)`);
  });

  it('16 days before: nothing new; 15 days before: told again, once; after the last day: nothing', async () => {
    await warnOfExpiries(on(16));
    expect(await newMails()).to.deep.equal([]);
    await warnOfExpiries(on(15));
    await warnOfExpiries(on(3));
    const mails = await newMails();
    expect(mails).to.have.length(2);
    expect(mails.every((m) => m.text.includes('(dans 15 jours)'))).to.equal(true);
    await warnOfExpiries(on(-1));
    expect(await newMails()).to.deep.equal([]);
  });

  it('says what expiring changes: the requests that require it stop, and a qualification no request requires stops nothing', async () => {
    const required = (await inbox.received()).find((m) => recipients(m).includes(interpreter.email))!;
    expect(required.text).to.contain('Après cette date, les demandes qui l’exigent ne vous seront plus proposées.');
    // The basic training, required for nothing in the default catalogue, expiring 60 days after `on(60)`'s day too.
    const basic = await anInterpreter(agencyId, { name: 'Lina Haddad', qualifications: [{ code: 'health_interpreting', obtainedOn: '2020-01-02', validUntil: lastDay.toISODate() }] });
    const mails = await newMailsOf(on(60));
    const mail = mails.find((m) => m.to.includes(basic.email))!;
    expect(mail.subject).to.equal(`Votre qualification « Formation de base à l’interprétariat en santé » expire le ${lastDay.setLocale('fr').toFormat('d LLLL yyyy')}`);
    expect(mail.text).to.contain('Aucune demande ne l’exige aujourd’hui');
    expect(mail.text).not.to.contain('ne vous seront plus proposées');
  });
});
