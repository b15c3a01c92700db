import { Types } from 'mongoose';
import { entriesOfRequest } from '../billing/ledger';
import { mailsAbout } from '../notify/outbox';
import { callHistory } from '../calls/rooms';
import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { jobsAbout } from '../platform/jobs';
import { holdersOf } from './calendar';
import { PATIENT_TEXT } from './retention';
import { agendas, idempotencyKeys, offers, type Filter, type RequestDoc } from './store';
import { findVisible } from './visibility';

// Everything stored about one request, for a patient's subject-access request (answered by the
// structure, which wrote the patient fields) or for an audit. As in every view, patient fields never
// leave the structure: auditors and admins get the same export without them.

/** What only the structure sees: the patient text, the address (it may be the patient's home) and the link to another of the patient's requests. */
const WITHHELD = [...PATIENT_TEXT, 'location.address', 'sameInterpreterAs'];

/** A stored value as JSON: ids as strings, dates in ISO 8601, `_id` as `id`, mongoose's `__v` left out. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key, v]) => key !== '__v' && v !== undefined);
  return Object.fromEntries(entries.map(([key, v]) => [key === '_id' ? 'id' : key, plain(v)]));
}

/** Drops the paths from a plain copy (made by `plain`, so nothing stored is touched). */
function without(copy: Filter, paths: readonly string[]): Filter {
  for (const path of paths) {
    const parts = path.split('.');
    const parent = parts.slice(0, -1).reduce<Filter | undefined>((v, part) => v?.[part] as Filter | undefined, copy);
    if (parent) delete parent[parts.at(-1)!];
  }
  return copy;
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** The request as stored, less what the audience may not see; calendar holders by role and id, as mails are listed without addresses. */
function storedRequest(doc: RequestDoc, withheld: readonly string[]): Filter {
  const copy = without(plain(doc) as Filter, withheld);
  copy.calendarAttendees = holdersOf(doc).map((holder) => ({ role: holder.role, userId: holder.userId.toString() }));
  return copy;
}

/** The export of one request the caller may see: 404 for another structure's, as everywhere. */
export async function exportRequest(actor: Actor, id: string, now = new Date()) {
  if (actor.role !== 'requester' && actor.role !== 'auditor' && actor.role !== 'admin') throw forbidden();
  const { doc, audience } = await findVisible(actor, id);
  const ownStructure = audience === 'structure';
  const [offered, ledger, jobs, key, hold, mails] = await Promise.all([
    offers.find({ requestId: doc._id }),
    entriesOfRequest(id),
    jobsAbout(id),
    doc.idempotencyKeyId ? idempotencyKeys.byId(doc.idempotencyKeyId) : null,
    doc.interpreterId ? agendas.holdOf(doc.interpreterId, doc._id) : null,
    mailsAbout(id),
  ]);
  const call = await callHistory(id);
  return {
    exportedAt: now.toISOString(),
    patientFields: ownStructure ? 'included' : 'withheld',
    request: storedRequest(doc, ownStructure ? ['history'] : [...WITHHELD, 'history']),
    history: (doc.history ?? []).map((change) => ({
      version: change.version,
      at: iso(change.at),
      event: change.event,
      byRole: change.byRole,
      interpreterId: change.interpreterId ? String(change.interpreterId) : undefined,
      reason: ownStructure ? (change.reason ?? undefined) : undefined,
    })),
    offers: offered.map((offer) => ({
      id: offer._id.toString(), interpreterId: offer.interpreterId.toString(), wave: offer.wave, status: offer.status,
      createdAt: iso(offer.createdAt), expiresAt: iso(offer.expiresAt), closedAt: iso(offer.closedAt),
    })),
    agendaHold: hold ? plain(hold) : null,
    // The call's joins, leaves and spans together (phone and video sessions held in the platform): what measuredSeconds was counted from.
    call: { events: call },
    ledger: ledger.map(plain),
    jobs: jobs.map((job) => ({ kind: job.kind, status: job.status, runAt: iso(job.runAt), attempts: job.attempts, createdAt: iso(job.createdAt) })),
    // Who was told what and when; not the addresses (other people's) nor the text (it names the interpreter's contacts).
    mails: mails.map((mail) => ({
      kind: mail.dedupeKey.split(':')[0], subject: mail.subject, recipients: mail.to.length, calendar: mail.calendar?.method ?? mail.ics?.method ?? null,
      status: mail.status, attempts: mail.attempts, createdAt: iso(mail.createdAt), sentAt: iso(mail.sentAt),
    })),
    idempotencyKeys: (key ? [key] : []).map((k) => ({ key: ownStructure ? k._id.slice(k._id.indexOf(':') + 1) : undefined, createdAt: iso(k.createdAt) })),
  };
}
