import { DateTime } from 'luxon';
import { PARIS_ZONE } from '../../shared/paris-time';
import { enqueueMail } from '../notify/outbox';
import { listQualifications } from './qualifications';
import { users } from './store';
import { contactEmails } from './users';

// Expiry warnings (issue 29, item 2): the interpreter and their agency's dispatchers are told 60 and 15
// days before a qualification's last valid day, so that the renewal is entered before matching stops
// offering them what requires it. Each warning is one mail per recipient, deduplicated by the outbox's
// key (qualification, last day, warning, recipient): the check runs every few hours, in any number of
// processes, and says it once.

/** The warnings, days before the last valid day; each is sent from that day until the next one is due. */
export const EXPIRY_WARNINGS = [60, 15] as const;
/**
 * The outbox keeps a sent mail's key 30 days: a warning is only sent while its window is shorter than
 * that (60 down to 46 days left, 15 down to 0), so that it is never sent twice.
 */
const WINDOW_DAYS = 15;

const frenchDay = (iso: string) => DateTime.fromISO(iso).setLocale('fr').toFormat('d LLLL yyyy');

/** The warning due `left` days before the last valid day, if any. */
const warningDue = (left: number) => EXPIRY_WARNINGS.find((days) => left <= days && left > days - WINDOW_DAYS);

/**
 * Queues the warnings due on `now`'s day (Paris): for each active interpreter's qualification whose last
 * valid day is 60 to 46, or 15 to 0, days away, a mail to the interpreter and one to each active
 * dispatcher of their agency. Answers how many mails it queued (already queued ones count again; the
 * outbox keeps one).
 */
export async function warnOfExpiries(now = new Date()): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: PARIS_ZONE }).startOf('day');
  const catalogue = new Map((await listQualifications()).map((q) => [q.code, q]));
  const last = today.plus({ days: EXPIRY_WARNINGS[0] }).toISODate()!;
  const docs = await users.find({ role: 'interpreter', active: true, 'interpreter.qualifications.validUntil': { $gte: today.toISODate()!, $lte: last } });
  let queued = 0;
  for (const doc of docs) {
    for (const q of doc.interpreter?.qualifications ?? []) {
      if (!q.validUntil) continue;
      const left = Math.round(DateTime.fromISO(q.validUntil).diff(DateTime.fromISO(today.toISODate()!), 'days').days);
      const warning = warningDue(left);
      if (warning === undefined) continue;
      const qualification = catalogue.get(q.code);
      const name = qualification?.name ?? q.code;
      // A qualification no request requires (the basic training, until a region decides) stops nothing.
      const required = (qualification?.requiredFor.specialties.length ?? 0) + (qualification?.requiredFor.languages.length ?? 0) > 0;
      const after = (whom: string) => (required ? `Après cette date, les demandes qui l’exigent ne ${whom} seront plus proposées.` : 'Aucune demande ne l’exige aujourd’hui : rien ne change dans les propositions, mais le dossier reste à jour.');
      const dispatchers = doc.agencyId ? await contactEmails({ agencyId: doc.agencyId.toString(), role: 'dispatcher' }) : [];
      const key = `qualification-expiry:${doc._id.toString()}:${q.code}:${q.validUntil}:${warning}`;
      const ends = `est valable jusqu’au ${frenchDay(q.validUntil)} inclus (dans ${left} jour${left > 1 ? 's' : ''})`;
      await enqueueMail({
        to: [doc.email],
        subject: `Votre qualification « ${name} » expire le ${frenchDay(q.validUntil)}`,
        text: `Bonjour,\n\nVotre qualification « ${name} » ${ends}. ${after('vous')}\nTransmettez son renouvellement à votre agence pour qu’elle l’enregistre.\n`,
        dedupeKey: `${key}:${doc.email}`,
      });
      queued += 1;
      for (const email of dispatchers) {
        await enqueueMail({
          to: [email],
          subject: `Qualification « ${name} » de ${doc.name} : expire le ${frenchDay(q.validUntil)}`,
          text: `Bonjour,\n\nLa qualification « ${name} » de ${doc.name} ${ends}. ${after('lui')}\nEnregistrez son renouvellement dans Interprètes → Modifier les qualifications.\n`,
          dedupeKey: `${key}:${email}`,
        });
        queued += 1;
      }
    }
  }
  return queued;
}

/** Checks now, then every `everyMs` (six hours); answers the stop function for the shutdown. */
export function watchExpiries(options: { onError: (error: unknown) => void; everyMs?: number; now?: () => Date }): () => void {
  const now = options.now ?? (() => new Date());
  const check = () => void warnOfExpiries(now()).catch(options.onError);
  const first = setTimeout(check, 60_000);
  first.unref();
  const periodic = setInterval(check, options.everyMs ?? 6 * 3600_000);
  periodic.unref();
  return () => {
    clearTimeout(first);
    clearInterval(periodic);
  };
}
