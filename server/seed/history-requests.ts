import { Types } from 'mongoose';
import { zoneOfStructure } from '../../shared/regions';
import { importPastRequests, type RequestDoc } from '../booking/past-requests';
import { requestDrafter, type RequestDraft } from './history-demand';
import type { GeneratedSession } from './history-year';

// The requests of a year of history as the booking store keeps them: each draft of history-demand.ts
// becomes a request document, the filled ones keying their session's ledger entry.

export type RequestRow = Partial<RequestDoc> & { _id: Types.ObjectId };
export type { RequestTotals } from './history-demand';

const MINUTE = 60_000;

/**
 * Makes the requests of a year, with ids of their own: the creation time in the ObjectId's time (lists
 * newest first stay in order), then the year and a counter, so that a second run makes the same ids.
 * `requesterOf` names each structure's requester; a structure of the history without an account (most
 * of them) gets its own id in that field, which no mail ever reads for a past request. `region` (its
 * code's digits, '76') goes into the ids too, so that two regions' years never share one.
 */
export function requestMaker(year: number, requesterOf: Map<string, string>, region = '') {
  const drafter = requestDrafter(year);
  const tag = region.padStart(4, '0');
  let made = 0;
  const idOf = (createdAt: Date) => {
    const seconds = Math.floor(createdAt.getTime() / 1000).toString(16).padStart(8, '0');
    return new Types.ObjectId(`${seconds}68${year.toString(16).padStart(4, '0')}${tag}${(made++).toString(16).padStart(6, '0')}`);
  };

  function row(draft: RequestDraft): RequestRow {
    const s = draft.session;
    const { modality, start, createdAt, bookedMinutes } = draft;
    const base: RequestRow = {
      _id: idOf(createdAt),
      structureId: new Types.ObjectId(s.structure.id),
      requesterId: new Types.ObjectId(requesterOf.get(s.structure.id) ?? s.structure.id),
      language: s.entry.language,
      modality,
      immediate: draft.immediate,
      start,
      end: new Date(start.getTime() + bookedMinutes * MINUTE),
      durationMinutes: bookedMinutes,
      specialty: s.entry.specialty,
      location: modality === 'onsite' ? { address: s.structure.name, department: s.structure.department } : undefined,
      timeZone: zoneOfStructure(s.structure),
      createdAt,
      dispatchPlannedAt: createdAt,
    };
    switch (draft.outcome) {
      case 'filled':
        return Object.assign(base, filledFields(s, draft.assignedAt, base._id));
      case 'unfilled':
        return Object.assign(base, { status: 'unfilled', unfilledReason: draft.reason, version: 1, history: [{ version: 1, event: 'giveUp', at: draft.givenUpAt, byRole: 'system' }] });
      case 'cancelledUnassigned': {
        const at = draft.cancelledAt;
        return Object.assign(base, {
          status: 'cancelled', version: 1, cancellationFeeCents: 0,
          cancellation: { at, byRole: 'requester', minutesBeforeStart: Math.floor((start.getTime() - at.getTime()) / MINUTE), wasAssigned: false },
          history: [{ version: 1, event: 'cancel', at, byRole: 'requester' }],
        });
      }
    }
  }

  return {
    totals: drafter.totals,
    /** The requests of one session's demand (requestDrafter's), its ledger entry keyed by its own. */
    forSession: (s: GeneratedSession): RequestRow[] => drafter.forSession(s).map(row),
  };
}

/** The request the session was: completed, or cancelled late while assigned; keys its ledger entry by it. */
function filledFields(s: GeneratedSession, assignedAt: Date, id: Types.ObjectId): Partial<RequestDoc> {
  const { entry } = s;
  const by = { byRole: 'interpreter', interpreterId: new Types.ObjectId(entry.interpreterId) };
  const ended = s.cancelledAt
    ? { event: 'cancel', at: s.cancelledAt, byRole: 'requester' }
    : { event: 'complete', at: entry.at, ...by };
  // The ledger entry is the one the live transition writes: keyed by the request's version.
  entry.key = `request:${id.toString()}:v2`;
  entry.requestId = id.toString();
  return {
    status: s.cancelledAt ? 'cancelled' : 'completed',
    version: 2,
    interpreterId: by.interpreterId,
    agencyId: new Types.ObjectId(entry.agencyId),
    assignedAt,
    committedCents: 0,
    billedMinutes: entry.billedMinutes,
    tariffVersion: entry.tariffVersion,
    history: [{ version: 1, event: 'assign', at: assignedAt, ...by }, { version: 2, ...ended }],
    ...(s.cancelledAt
      ? { cancellation: { at: s.cancelledAt, byRole: 'requester', minutesBeforeStart: Math.floor((s.start.getTime() - s.cancelledAt.getTime()) / MINUTE), wasAssigned: true }, cancellationFeeCents: entry.costCents }
      : { completion: { at: entry.at, actualMinutes: entry.workedMinutes, outcome: entry.kind === 'no_show' ? 'patient_no_show' : 'done' }, costCents: entry.costCents }),
  } as Partial<RequestDoc>;
}

/** What the schema would default, for the fields a generated request does not set. */
const DEFAULTS = { candidateAgencyIds: [], wave: 1, unfilledReason: null, erasedAt: null };

/**
 * Writes requests through the booking store's bulk insert of prepared requests, a few thousand at a
 * time (ids already there are skipped). Stamped as changed now, so that a server already running
 * counts them in its access report.
 */
export async function writeRequests(rows: RequestRow[]): Promise<void> {
  const updatedAt = new Date();
  const docs = rows.map((row) => Object.fromEntries(Object.entries({ ...DEFAULTS, ...row, updatedAt }).filter(([, value]) => value !== undefined)) as RequestDoc);
  for (let i = 0; i < docs.length; i += 2000) await importPastRequests(docs.slice(i, i + 2000));
}
