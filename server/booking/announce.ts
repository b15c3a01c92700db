import { coverageAdvice } from '../../shared/coverage-advice';
import { duration } from '../../shared/durations';
import { bookedSlot } from '../../shared/exchange';
import { dateTimeIn } from '../../shared/local-time';
import { interpreterContact, interpreterContacts } from '../directory/interpreters';
import { findLanguage } from '../directory/languages';
import { structureSummaries, structureSummary } from '../directory/structures';
import { regionAgencyIds } from '../directory/agencies';
import { contactEmails, userEmail } from '../directory/users';
import { publish } from '../notify/events';
import type { CalendarInvite } from '../notify/ics';
import { enqueueMail, enqueueMails, type OutgoingMail } from '../notify/outbox';
import { pushOffers } from '../notify/push';
import { holdersOf, type CalendarAttendee } from './calendar';
import type { OfferDoc, RequestDoc } from './store';
import { heldInCall, requestView } from './views';
import { zoneOf } from './zone';

// Telling people: live events for whoever is connected, e-mail (through the outbox) for what must not
// be missed. Every mail has a dedupe key, so a retried use-case never sends it twice. No patient
// reference or note ever goes into a mail: mail leaves the structure.

const MODALITY_FR = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' } as const;
export const languageName = (code: string) => findLanguage(code)?.name ?? code;
/** A session in a mail: its date and time in its zone, named when it is not Paris time ("à 10h00 (heure de La Réunion)"). */
export const describe = (doc: RequestDoc) =>
  `${languageName(doc.language)} ${MODALITY_FR[doc.modality]}, le ${dateTimeIn(doc.start, zoneOf(doc))} (${duration(doc.durationMinutes)})`;

/** An offer as its interpreter reads it; with `structureName`, who they would work for: the structure and the professional who booked. */
export function offerView(offer: OfferDoc, doc: RequestDoc, structureName?: string) {
  return {
    id: offer._id.toString(),
    requestId: doc._id.toString(),
    expiresAt: offer.expiresAt.toISOString(),
    request: {
      language: doc.language,
      modality: doc.modality,
      immediate: doc.immediate,
      start: doc.start.toISOString(),
      timeZone: zoneOf(doc),
      durationMinutes: doc.durationMinutes,
      briefingMinutes: doc.briefingMinutes ?? 0,
      debriefingMinutes: doc.debriefingMinutes ?? 0,
      specialty: doc.specialty ?? undefined,
      department: doc.location?.department ?? undefined,
      structureName,
      requesterName: structureName === undefined ? undefined : (doc.requesterName ?? undefined),
    },
  };
}

/** The name of a request's structure, from the directory's short-lived list (no read per offer). */
export async function structureNameOf(doc: Pick<RequestDoc, 'structureId'>): Promise<string | undefined> {
  const id = doc.structureId.toString();
  return (await structureSummaries()).find((s) => s.id === id)?.name;
}

export async function publishToStructure(doc: RequestDoc) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  publish({ to: { structureId: doc.structureId.toString() }, name: 'request:updated', payload: requestView(doc, 'structure', contact) });
  return contact;
}

export async function announceRequest(doc: RequestDoc) {
  await publishToStructure(doc);
}

/** A wave's offers: a live alert each, and (for booked requests) one mail each, written together. */
export async function announceOffers(offers: OfferDoc[], doc: RequestDoc) {
  const structureName = await structureNameOf(doc);
  for (const offer of offers) {
    publish({ to: { interpreterId: offer.interpreterId.toString() }, name: 'offer:new', payload: offerView(offer, doc, structureName) });
  }
  // Devices subscribed to Web Push get it too, page closed or not; sent in the background, never holding the wave.
  pushOffers(offers.map((offer) => ({ ...offerView(offer, doc), interpreterId: offer.interpreterId.toString(), madeAt: offer.createdAt, languageName: languageName(doc.language) })));
  if (doc.immediate) return; // a "now" offer lasts minutes: only the live alert makes sense
  const contacts = await interpreterContacts(offers.map((offer) => offer.interpreterId.toString()));
  const mails: OutgoingMail[] = [];
  for (const offer of offers) {
    const contact = contacts.get(offer.interpreterId.toString());
    if (!contact) continue;
    mails.push({
      to: [contact.email],
      subject: `Nouvelle proposition : ${describe(doc)}`,
      text: `Bonjour ${contact.name},\n\nUne séance vous est proposée : ${describe(doc)}${doc.location?.department ? `, département ${doc.location.department}` : ''}.\nRépondez depuis la plateforme avant le ${dateTimeIn(offer.expiresAt, zoneOf(doc))}.\n`,
      // Per wave: an offer reopened for a later wave (after a withdrawal) is announced again.
      dedupeKey: `offer:${offer._id.toString()}:w${offer.wave}`,
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

/**
 * The invitation one holder's calendar gets, as the request stands after the change: one UID for the
 * request's whole life, the sequence that change moved to; its times the booked slot (the exchanges with
 * the professional before and after included: both attend them). The address goes only into an on-site
 * session's REQUEST, whose holders (the requester and the interpreter going there) know it already.
 */
function calendar(doc: RequestDoc, method: CalendarInvite['method'], summary: string, attendee: CalendarInvite['attendee'], description?: string): CalendarInvite {
  return {
    method,
    uid: `request-${doc._id.toString()}@sante-interpretes`,
    sequence: doc.calendarSequence,
    ...bookedSlot(doc),
    summary,
    description,
    location: method === 'REQUEST' && doc.modality === 'onsite' ? (doc.location?.address ?? undefined) : undefined,
    attendee,
  };
}

/** A CANCEL to each of those who lost the session in this change, in a mail saying why; keyed by the sequence, so a second change sends again and a retry does not. */
async function sendCancels(doc: RequestDoc, lost: readonly CalendarAttendee[], kind: string, subject: string, text: (attendee: CalendarAttendee) => string) {
  await enqueueMails(lost.map((attendee) => ({
    to: [attendee.email],
    subject,
    text: text(attendee),
    calendar: calendar(doc, 'CANCEL', `Annulé : interprétariat ${languageName(doc.language)}`, { email: attendee.email }),
    dedupeKey: `${kind}:${doc._id.toString()}:${attendee.userId.toString()}:${doc.calendarSequence}`,
    requestId: doc._id.toString(),
  })));
}

/** `lost`: who had the session in their calendar before this assignment and no longer has (see CalendarChange). */
export async function announceAssignment(doc: RequestDoc, lost: readonly CalendarAttendee[]) {
  const contact = await publishToStructure(doc);
  if (!contact) return;
  publish({ to: { interpreterId: contact.id }, name: 'request:updated', payload: requestView(doc, 'interpreter', contact) });
  // Phone and video sessions are held in the platform's call: nobody's personal number or link goes out.
  const opens = doc.immediate ? 'ouvert dès maintenant' : 'ouvert 10 minutes avant la séance';
  const how = heldInCall(doc) ? `dans la plateforme, « Rejoindre l’appel » depuis Mes demandes (${opens})` : `à l’adresse ${doc.location?.address}`;
  // Those the assignment put (or kept, updated) in the session's calendar: the requester and the interpreter.
  const requester = holdersOf(doc).find((holder) => holder.role === 'requester');
  const interpreter = holdersOf(doc).find((holder) => holder.role === 'interpreter');
  if (requester) {
    const fallback = heldInCall(doc) && doc.callbackPhone ? `\nSi l’appel est impossible (pas de micro, coupure), l’interprète vous appelle au ${doc.callbackPhone}.` : '';
    const text = `${contact.name} assurera l’interprétariat ${describe(doc)}.\nConnexion : ${how}.${fallback}`;
    await enqueueMail({
      to: [requester.email],
      subject: `Interprète confirmé·e : ${describe(doc)}`,
      text: `Bonjour,\n\n${text}\n`,
      calendar: calendar(doc, 'REQUEST', `Interprétariat ${languageName(doc.language)} (${contact.name})`, { email: requester.email }, text),
      dedupeKey: `assigned:${doc._id.toString()}:${contact.id}:requester:${doc.calendarSequence}`,
      requestId: doc._id.toString(),
    });
  }
  if (interpreter) {
    await enqueueMail({
      to: [interpreter.email],
      subject: `Séance confirmée : ${describe(doc)}`,
      text: `Bonjour ${contact.name},\n\nVous êtes confirmé·e pour la séance ${describe(doc)}.${doc.modality === 'onsite' ? `\nAdresse : ${doc.location?.address}` : `\nL’appel se fait dans la plateforme : « Rejoindre l’appel » depuis Mon agenda (${opens}).${doc.callbackPhone ? `\nSi l’appel est impossible, appelez le ${doc.callbackPhone}.` : ''}`}\n`,
      calendar: calendar(doc, 'REQUEST', `Interprétariat ${languageName(doc.language)}`, { email: interpreter.email, name: contact.name }, `Séance ${describe(doc)}.`),
      dedupeKey: `assigned:${doc._id.toString()}:${contact.id}:interpreter:${doc.calendarSequence}`,
      requestId: doc._id.toString(),
    });
  }
  await sendCancels(doc, lost, 'assigned', `Séance retirée de votre agenda : ${describe(doc)}`, () => `Bonjour,\n\nLa séance ${describe(doc)} est retirée de votre agenda.\n`);
}

/** `lost`: who had the session in their calendar (see CalendarChange); each gets a CANCEL. */
export async function announceCancellation(doc: RequestDoc, formerInterpreterId: string | undefined, lost: readonly CalendarAttendee[]) {
  await publishToStructure(doc);
  const contact = formerInterpreterId ? await interpreterContact(formerInterpreterId) : undefined;
  if (contact) publish({ to: { interpreterId: contact.id }, name: 'request:updated', payload: requestView(doc, 'interpreter', contact) });
  await sendCancels(doc, lost, 'cancelled', `Séance annulée : ${describe(doc)}`, (attendee) =>
    attendee.role === 'interpreter'
      ? `Bonjour${contact ? ` ${contact.name}` : ''},\n\nLa séance ${describe(doc)} est annulée par la structure.\n`
      : `Bonjour,\n\nLa séance ${describe(doc)} est annulée ; elle est retirée de votre agenda.\n`);
}

/**
 * `lost`: the withdrawing interpreter, whose calendar loses the session; the requester's keeps it while
 * another is sought. The requester and the interpreter's agency (its dispatchers) are told by mail.
 */
export async function announceReopened(doc: RequestDoc, formerInterpreterId: string, lost: readonly CalendarAttendee[]) {
  await publishToStructure(doc);
  await sendCancels(doc, lost, 'withdrawn', `Désistement enregistré : ${describe(doc)}`, () => `Bonjour,\n\nVotre désistement de la séance ${describe(doc)} est enregistré ; elle est retirée de votre agenda.\n`);
  const requester = await userEmail(doc.requesterId.toString());
  if (requester) {
    await enqueueMail({
      to: [requester],
      subject: `Interprète désisté·e, nouvelle recherche : ${describe(doc)}`,
      text: `Bonjour,\n\nL’interprète prévu·e pour la séance ${describe(doc)} s’est désisté·e. Nous cherchons un·e autre interprète et vous tiendrons informé·e.\n`,
      dedupeKey: `reopened:${doc._id.toString()}:${formerInterpreterId}:${doc.version}`,
      requestId: doc._id.toString(),
    });
  }
  const former = await interpreterContact(formerInterpreterId);
  const dispatchers = former?.agencyId ? await contactEmails({ agencyId: former.agencyId, role: 'dispatcher' }) : [];
  if (dispatchers.length === 0) return;
  const late = doc.withdrawals?.at(-1)?.late === true;
  const knows = doc.withdrawals?.at(-1)?.knowsPatient === true;
  await enqueueMail({
    to: dispatchers,
    subject: `${late ? 'Désistement tardif' : knows ? 'Retrait par impartialité' : 'Désistement'} de ${former!.name} : ${describe(doc)}`,
    text: `Bonjour,\n\n${former!.name} s’est désisté·e de la séance ${describe(doc)}${late ? ', moins de 48 heures avant' : ''}${knows ? ' parce qu’il ou elle connaît la personne (ce n’est jamais un désistement tardif)' : ''}. La demande est de nouveau proposée aux interprètes ; vous pouvez aussi l’attribuer depuis la plateforme.\n`,
    dedupeKey: `reopened-agency:${doc._id.toString()}:${formerInterpreterId}:${doc.version}`,
    requestId: doc._id.toString(),
  });
}

/** `lost`: a requester who still had the session in their calendar after a withdrawal gets its CANCEL. */
export async function announceUnfilled(doc: RequestDoc, lost: readonly CalendarAttendee[]) {
  await publishToStructure(doc);
  await sendCancels(doc, lost, 'unfilled', `Séance retirée de votre agenda : ${describe(doc)}`, () => `Bonjour,\n\nFaute d’interprète, la séance ${describe(doc)} est retirée de votre agenda.\n`);
  const requester = await userEmail(doc.requesterId.toString());
  if (!requester) return;
  await enqueueMail({
    to: [requester],
    subject: `Aucun·e interprète disponible : ${describe(doc)}`,
    text: `Bonjour,\n\nAucun·e interprète n’a pu être trouvé·e pour ${describe(doc)}. ${doc.uncovered ? coverageAdvice(doc.modality, requestView(doc, 'structure').alternatives, true, zoneOf(doc)) : 'Vous pouvez refaire une demande, choisir une autre modalité ou contacter l’agence.'}\n`,
    dedupeKey: `unfilled:${doc._id.toString()}`,
    requestId: doc._id.toString(),
  });
}

/**
 * Requests nobody will take (one booking's occurrences, or one request whose waves all failed): a live
 * event and one mail to every dispatcher, whatever their agency, and to the auditors of the structure's
 * region; the requester's structure sees it live, and when it happened after booking the requester gets
 * the advice by mail.
 */
/** The region of a request's structure: whose agencies' dispatchers and auditors hear what nobody can take. */
const regionOfRequest = async (doc: Pick<RequestDoc, 'structureId'>) => (await structureSummary(doc.structureId.toString()))?.region;

/** The addresses of the dispatchers of every agency holding a convention in the region. */
const regionDispatcherEmails = async (region: string) => contactEmails({ role: 'dispatcher', agencyId: { $in: [...(await regionAgencyIds(region))] } });

export async function announceUncovered(docs: RequestDoc[], options: { atBooking?: boolean; requesterMail?: boolean } = {}) {
  const first = docs[0];
  if (!first) return;
  // One booking's occurrences are all of one structure, so of one region.
  const region = await regionOfRequest(first);
  for (const doc of docs) {
    if (region) {
      publish({ to: { role: 'dispatcher', region }, name: 'request:uncovered', payload: requestView(doc, 'dispatcher') });
      publish({ to: { role: 'auditor', region }, name: 'request:uncovered', payload: requestView(doc, 'auditor') });
    }
    if (!options.atBooking) await publishToStructure(doc);
  }
  const since = first.uncoveredSince?.getTime() ?? 0;
  const [dispatchers, auditors] = region ? await Promise.all([regionDispatcherEmails(region), contactEmails({ role: 'auditor', region })]) : [[], []];
  const recipients = [...new Set([...dispatchers, ...auditors])];
  const listed = docs.map((doc) => `- ${describe(doc)}${doc.location?.department ? `, département ${doc.location.department}` : ''}`).join('\n');
  const mails: OutgoingMail[] = [];
  if (recipients.length > 0) {
    mails.push({
      to: recipients,
      subject: `Sans interprète possible : ${describe(first)}${docs.length > 1 ? ` et ${docs.length - 1} autre(s) séance(s)` : ''}`,
      text: `Bonjour,\n\nAucun·e interprète joignable par la plateforme ne peut assurer ${docs.length > 1 ? 'ces séances' : 'cette séance'} :\n${listed}\n\nToute agence conventionnée dans la région peut l’attribuer depuis la plateforme (Demandes à pourvoir, « Sans interprète possible »).\n`,
      dedupeKey: `uncovered:${first._id.toString()}:${since}`,
      requestId: first._id.toString(),
    });
  }
  const requester = options.atBooking || options.requesterMail === false ? undefined : await userEmail(first.requesterId.toString());
  if (requester) {
    mails.push({
      to: [requester],
      subject: `Pas d’interprète pour le moment : ${describe(first)}`,
      text: `Bonjour,\n\n${describe(first)} : ${coverageAdvice(first.modality, requestView(first, 'structure').alternatives, false, zoneOf(first))}\n`,
      dedupeKey: `uncovered:${first._id.toString()}:${since}:requester`,
      requestId: first._id.toString(),
    });
  }
  await enqueueMails(mails);
}

/** Near the start and still nobody: the agencies it was offered to, or every agency of its region when it is uncovered. */
export async function announceAtRisk(doc: RequestDoc) {
  if (doc.uncovered || doc.candidateAgencyIds.length === 0) {
    const region = await regionOfRequest(doc);
    if (region) publish({ to: { role: 'dispatcher', region }, name: 'request:at-risk', payload: requestView(doc, 'dispatcher') });
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
