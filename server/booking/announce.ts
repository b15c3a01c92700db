import { DateTime } from 'luxon';
import { coverageAdvice } from '../../shared/coverage-advice';
import { interpreterContact, interpreterContacts } from '../directory/interpreters';
import { findLanguage } from '../directory/languages';
import { contactEmails, userEmail } from '../directory/users';
import { publish } from '../notify/events';
import type { CalendarInvite } from '../notify/ics';
import { enqueueMail, enqueueMails, type OutgoingMail } from '../notify/outbox';
import type { OfferDoc, RequestDoc } from './store';
import { requestView } from './views';

// Telling people: live events for whoever is connected, e-mail (through the outbox) for what must not
// be missed. Every mail has a dedupe key, so a retried use-case never sends it twice. No patient
// reference or note ever goes into a mail: mail leaves the structure.

const MODALITY_FR = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' } as const;
const paris = (date: Date) => DateTime.fromJSDate(date, { zone: 'Europe/Paris' }).setLocale('fr').toFormat("cccc d LLLL yyyy 'à' HH'h'mm");
const languageName = (code: string) => findLanguage(code)?.name ?? code;
const describe = (doc: RequestDoc) =>
  `${languageName(doc.language)} ${MODALITY_FR[doc.modality]}, le ${paris(doc.start)} (${doc.durationMinutes} min)`;

export function offerView(offer: OfferDoc, doc: RequestDoc) {
  return {
    id: offer._id.toString(),
    requestId: doc._id.toString(),
    expiresAt: offer.expiresAt.toISOString(),
    request: {
      language: doc.language,
      modality: doc.modality,
      immediate: doc.immediate,
      start: doc.start.toISOString(),
      durationMinutes: doc.durationMinutes,
      specialty: doc.specialty ?? undefined,
      department: doc.location?.department ?? undefined,
    },
  };
}

async function publishToStructure(doc: RequestDoc) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  publish({ to: { structureId: doc.structureId.toString() }, name: 'request:updated', payload: requestView(doc, 'structure', contact) });
  return contact;
}

export async function announceRequest(doc: RequestDoc) {
  await publishToStructure(doc);
}

/** A wave's offers: a live alert each, and (for booked requests) one mail each, written together. */
export async function announceOffers(offers: OfferDoc[], doc: RequestDoc) {
  for (const offer of offers) {
    publish({ to: { interpreterId: offer.interpreterId.toString() }, name: 'offer:new', payload: offerView(offer, doc) });
  }
  if (doc.immediate) return; // a "now" offer lasts minutes: only the live alert makes sense
  const contacts = await interpreterContacts(offers.map((offer) => offer.interpreterId.toString()));
  const mails: OutgoingMail[] = [];
  for (const offer of offers) {
    const contact = contacts.get(offer.interpreterId.toString());
    if (!contact) continue;
    mails.push({
      to: [contact.email],
      subject: `Nouvelle proposition : ${describe(doc)}`,
      text: `Bonjour ${contact.name},\n\nUne séance vous est proposée : ${describe(doc)}${doc.location?.department ? `, département ${doc.location.department}` : ''}.\nRépondez depuis la plateforme avant le ${paris(offer.expiresAt)}.\n`,
      dedupeKey: `offer:${offer._id.toString()}`,
      requestId: doc._id.toString(),
    });
  }
  await enqueueMails(mails);
}

export function announceWithdrawnOffers(offers: OfferDoc[], reason: string) {
  for (const offer of offers) {
    publish({ to: { interpreterId: offer.interpreterId.toString() }, name: 'offer:withdrawn', payload: { id: offer._id.toString(), requestId: offer.requestId.toString(), reason } });
  }
}

function calendar(doc: RequestDoc, method: CalendarInvite['method'], summary: string, attendee: CalendarInvite['attendee']): CalendarInvite {
  return {
    method,
    uid: `request-${doc._id.toString()}@sante-interpretes`,
    sequence: doc.version,
    start: doc.start,
    end: doc.end,
    summary,
    location: doc.modality === 'onsite' ? (doc.location?.address ?? undefined) : undefined,
    attendee,
  };
}

export async function announceAssignment(doc: RequestDoc) {
  const contact = await publishToStructure(doc);
  if (!contact) return;
  publish({ to: { interpreterId: contact.id }, name: 'request:updated', payload: requestView(doc, 'interpreter', contact) });
  const requester = await userEmail(doc.requesterId.toString());
  const how = doc.modality === 'phone' ? `au ${contact.phone ?? 'numéro indiqué sur la plateforme'}` : doc.modality === 'video' ? `par le lien ${contact.videoLink ?? 'indiqué sur la plateforme'}` : `à l’adresse ${doc.location?.address}`;
  if (requester) {
    await enqueueMail({
      to: [requester],
      subject: `Interprète confirmé·e : ${describe(doc)}`,
      text: `Bonjour,\n\n${contact.name} assurera l’interprétariat ${describe(doc)}.\nConnexion : ${how}.\n`,
      calendar: calendar(doc, 'REQUEST', `Interprétariat ${languageName(doc.language)} (${contact.name})`, { email: requester }),
      dedupeKey: `assigned:${doc._id.toString()}:${contact.id}:requester`,
      requestId: doc._id.toString(),
    });
  }
  await enqueueMail({
    to: [contact.email],
    subject: `Séance confirmée : ${describe(doc)}`,
    text: `Bonjour ${contact.name},\n\nVous êtes confirmé·e pour la séance ${describe(doc)}.${doc.modality === 'onsite' ? `\nAdresse : ${doc.location?.address}` : ''}\n`,
    calendar: calendar(doc, 'REQUEST', `Interprétariat ${languageName(doc.language)}`, { email: contact.email, name: contact.name }),
    dedupeKey: `assigned:${doc._id.toString()}:${contact.id}:interpreter`,
    requestId: doc._id.toString(),
  });
}

export async function announceCancellation(doc: RequestDoc, formerInterpreterId?: string) {
  await publishToStructure(doc);
  if (!formerInterpreterId) return;
  const contact = await interpreterContact(formerInterpreterId);
  if (!contact) return;
  publish({ to: { interpreterId: contact.id }, name: 'request:updated', payload: requestView(doc, 'interpreter', contact) });
  await enqueueMail({
    to: [contact.email],
    subject: `Séance annulée : ${describe(doc)}`,
    text: `Bonjour ${contact.name},\n\nLa séance ${describe(doc)} est annulée par la structure.\n`,
    calendar: calendar(doc, 'CANCEL', `Annulé : interprétariat ${languageName(doc.language)}`, { email: contact.email, name: contact.name }),
    dedupeKey: `cancelled:${doc._id.toString()}:${contact.id}`,
    requestId: doc._id.toString(),
  });
}

export async function announceReopened(doc: RequestDoc, formerInterpreterId: string) {
  await publishToStructure(doc);
  const requester = await userEmail(doc.requesterId.toString());
  if (!requester) return;
  await enqueueMail({
    to: [requester],
    subject: `Interprète désisté·e, nouvelle recherche : ${describe(doc)}`,
    text: `Bonjour,\n\nL’interprète prévu·e pour la séance ${describe(doc)} s’est désisté·e. Nous cherchons un·e autre interprète et vous tiendrons informé·e.\n`,
    dedupeKey: `reopened:${doc._id.toString()}:${formerInterpreterId}:${doc.version}`,
    requestId: doc._id.toString(),
  });
}

export async function announceUnfilled(doc: RequestDoc) {
  await publishToStructure(doc);
  const requester = await userEmail(doc.requesterId.toString());
  if (!requester) return;
  await enqueueMail({
    to: [requester],
    subject: `Aucun·e interprète disponible : ${describe(doc)}`,
    text: `Bonjour,\n\nAucun·e interprète n’a pu être trouvé·e pour ${describe(doc)}. ${doc.uncovered ? coverageAdvice(doc.modality, requestView(doc, 'structure').alternatives) : 'Vous pouvez refaire une demande, choisir une autre modalité ou contacter l’agence.'}\n`,
    dedupeKey: `unfilled:${doc._id.toString()}`,
    requestId: doc._id.toString(),
  });
}

/**
 * Requests nobody will take (one booking's occurrences, or one request whose waves all failed): a live
 * event and one mail to every dispatcher and every auditor, whatever their agency; the requester's
 * structure sees it live, and when it happened after booking the requester gets the advice by mail.
 */
export async function announceUncovered(docs: RequestDoc[], options: { atBooking?: boolean; requesterMail?: boolean } = {}) {
  const first = docs[0];
  if (!first) return;
  for (const doc of docs) {
    const view = requestView(doc, 'dispatcher');
    publish({ to: { role: 'dispatcher' }, name: 'request:uncovered', payload: view });
    publish({ to: { role: 'auditor' }, name: 'request:uncovered', payload: requestView(doc, 'auditor') });
    if (!options.atBooking) await publishToStructure(doc);
  }
  const since = first.uncoveredSince?.getTime() ?? 0;
  const recipients = [...new Set([...(await contactEmails({ role: 'dispatcher' })), ...(await contactEmails({ role: 'auditor' }))])];
  const listed = docs.map((doc) => `- ${describe(doc)}${doc.location?.department ? `, département ${doc.location.department}` : ''}`).join('\n');
  const mails: OutgoingMail[] = [];
  if (recipients.length > 0) {
    mails.push({
      to: recipients,
      subject: `Sans interprète possible : ${describe(first)}${docs.length > 1 ? ` et ${docs.length - 1} autre(s) séance(s)` : ''}`,
      text: `Bonjour,\n\nAucun·e interprète joignable par la plateforme ne peut assurer ${docs.length > 1 ? 'ces séances' : 'cette séance'} :\n${listed}\n\nToute agence peut l’attribuer depuis la plateforme (Demandes à pourvoir, « Sans interprète possible »).\n`,
      dedupeKey: `uncovered:${first._id.toString()}:${since}`,
      requestId: first._id.toString(),
    });
  }
  const requester = options.atBooking || options.requesterMail === false ? undefined : await userEmail(first.requesterId.toString());
  if (requester) {
    mails.push({
      to: [requester],
      subject: `Pas d’interprète pour le moment : ${describe(first)}`,
      text: `Bonjour,\n\n${describe(first)} : ${coverageAdvice(first.modality, requestView(first, 'structure').alternatives)}\n`,
      dedupeKey: `uncovered:${first._id.toString()}:${since}:requester`,
      requestId: first._id.toString(),
    });
  }
  await enqueueMails(mails);
}

/** Near the start and still nobody: the agencies it was offered to, or every agency when it is uncovered. */
export async function announceAtRisk(doc: RequestDoc) {
  if (doc.uncovered || doc.candidateAgencyIds.length === 0) {
    publish({ to: { role: 'dispatcher' }, name: 'request:at-risk', payload: requestView(doc, 'dispatcher') });
    return;
  }
  for (const agencyId of doc.candidateAgencyIds.map(String)) {
    publish({ to: { agencyId }, name: 'request:at-risk', payload: requestView(doc, 'dispatcher') });
    const dispatchers = await contactEmails({ agencyId, role: 'dispatcher' });
    if (dispatchers.length === 0) continue;
    await enqueueMail({
      to: dispatchers,
      subject: `Demande sans interprète à l’approche : ${describe(doc)}`,
      text: `Bonjour,\n\nLa demande ${describe(doc)} n’a toujours pas d’interprète. Vous pouvez l’attribuer directement depuis la plateforme.\n`,
      dedupeKey: `at-risk:${doc._id.toString()}:${agencyId}`,
      requestId: doc._id.toString(),
    });
  }
}

export async function announceReminder(doc: RequestDoc) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  const requester = await userEmail(doc.requesterId.toString());
  const recipients = [requester, contact?.email].filter((e): e is string => Boolean(e));
  if (recipients.length === 0 || !contact) return;
  await enqueueMail({
    to: recipients,
    subject: `Rappel : ${describe(doc)}`,
    text: `Bonjour,\n\nRappel de la séance ${describe(doc)} avec ${contact.name}.\n`,
    dedupeKey: `reminder:${doc._id.toString()}:${doc.start.toISOString()}`,
    requestId: doc._id.toString(),
  });
}
