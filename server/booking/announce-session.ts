import { duration } from '../../shared/durations';
import { interpreterContact } from '../directory/interpreters';
import { contactEmails } from '../directory/users';
import { publish } from '../notify/events';
import { enqueueMail } from '../notify/outbox';
import { pushReconfirmation } from '../notify/push';
import { describe, languageName, publishToStructure } from './announce';
import type { RequestDoc } from './store';
import { requestView } from './views';
import { zoneOf } from './zone';

// Telling people about a session once it has an interpreter: the reconfirmation the day before, and
// after it, disputes and problems. Mails say what the session was, never what the patient said.

const PROBLEM_FR = { patient_absent: 'patient absent', requester_late: 'retard de la structure', unsafe_setting: 'cadre non sécurisé', other: 'autre problème' } as const;

function publishToAgency(doc: RequestDoc, name: 'request:updated' | 'request:at-risk') {
  if (doc.agencyId) publish({ to: { agencyId: doc.agencyId.toString() }, name, payload: requestView(doc, 'dispatcher') });
}

async function mailAgency(doc: RequestDoc, subject: string, text: string, dedupeKey: string) {
  if (!doc.agencyId) return;
  const dispatchers = await contactEmails({ agencyId: doc.agencyId.toString(), role: 'dispatcher' });
  if (dispatchers.length > 0) await enqueueMail({ to: dispatchers, subject, text, dedupeKey, requestId: doc._id.toString() });
}

/** The day before: the assigned interpreter is asked to reconfirm in one click (agenda page, push, or the mail's words) by the deadline. */
export async function askReconfirmation(doc: RequestDoc, { now, deadline }: { now: Date; deadline: Date }) {
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  if (!contact) return;
  publish({ to: { interpreterId: contact.id }, name: 'request:updated', payload: requestView(doc, 'interpreter', contact) });
  pushReconfirmation({ requestId: doc._id.toString(), interpreterId: contact.id, askedAt: now, deadline, languageName: languageName(doc.language), modality: doc.modality, start: doc.start.toISOString(), durationMinutes: doc.durationMinutes, timeZone: zoneOf(doc) });
  await enqueueMail({
    to: [contact.email],
    subject: `À reconfirmer : ${describe(doc)}`,
    text: `Bonjour ${contact.name},\n\nMerci de reconfirmer votre venue pour la séance ${describe(doc)} : bouton « Je confirme ma venue » dans Mon agenda sur la plateforme.\nSans reconfirmation, l’agence sera prévenue que la séance est à risque.\n`,
    dedupeKey: `reconfirm-ask:${doc._id.toString()}:${contact.id}:${doc.start.toISOString()}`,
    requestId: doc._id.toString(),
  });
}

export async function announceReconfirmation(doc: RequestDoc) {
  publishToAgency(doc, 'request:updated');
}

/** No reconfirmation by the deadline: the agency's dispatchers, live and by one mail. */
export async function announceReconfirmationMissed(doc: RequestDoc) {
  publishToAgency(doc, 'request:at-risk');
  const contact = doc.interpreterId ? await interpreterContact(doc.interpreterId.toString()) : undefined;
  await mailAgency(doc, `Séance non reconfirmée : ${describe(doc)}`,
    `Bonjour,\n\n${contact?.name ?? 'L’interprète'} n’a pas reconfirmé sa venue pour la séance ${describe(doc)}. Contactez l’interprète, ou attribuez la séance à quelqu’un d’autre.\n`,
    `reconfirm-missed:${doc._id.toString()}:${doc.interpreterId?.toString()}:${doc.start.toISOString()}`);
}

/** The structure disputes a session: the agency's dispatchers settle it; the interpreter is told. */
export async function announceDispute(doc: RequestDoc) {
  await publishToStructure(doc);
  publishToAgency(doc, 'request:updated');
  await mailAgency(doc, `Séance contestée : ${describe(doc)}`,
    `Bonjour,\n\nLa structure conteste la séance ${describe(doc)}${doc.dispute?.actualMinutes !== undefined && doc.dispute?.actualMinutes !== null ? ` (durée indiquée : ${duration(doc.dispute.actualMinutes)})` : ''}. Tranchez depuis la plateforme : confirmer les chiffres de l’interprète ou les corriger.\n`,
    `dispute:${doc._id.toString()}:${doc.dispute?.at?.toISOString()}`);
}

/** The interpreter reports a problem with a session: the agency's dispatchers, live and by mail (the kind only). */
export async function announceProblem(doc: RequestDoc) {
  publishToAgency(doc, 'request:updated');
  const kind = doc.problem?.kind as keyof typeof PROBLEM_FR | undefined;
  await mailAgency(doc, `Problème signalé (${kind ? PROBLEM_FR[kind] : 'autre'}) : ${describe(doc)}`,
    `Bonjour,\n\nL’interprète signale un problème pour la séance ${describe(doc)} : ${kind ? PROBLEM_FR[kind] : 'autre'}. Le détail est sur la plateforme.\n`,
    `problem:${doc._id.toString()}:${doc.problem?.at?.toISOString()}`);
}
