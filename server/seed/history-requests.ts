import { Types } from 'mongoose';
import type { Modality } from '../../shared/enums';
import type { UnfilledReason } from '../../shared/schemas/booking';
import type { NewEntry } from '../billing/ledger';
import { importPastRequests, type RequestDoc } from '../booking/past-requests';
import { mulberry32 } from './demo-data';
import { normal, weighted } from './random';
import { CANCELLED_UNASSIGNED_SHARE, DAY_HOURS, DEPARTMENT_REMOTENESS, LANGUAGE_SCARCITY, MODALITY_SCARCITY, NOW_SHARE_OF_PHONE, UNFILLED_TARGET } from './history-data';

// The requests behind a year of history: each session was a request that found its interpreter, and
// around them the requests that did not (given up, with a reason) and those the requester cancelled
// before anyone was assigned, so that the access report has unmet demand to show. Rates and factors
// are in history-data.ts, with where they come from.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW_GIVE_UP_MS = 180_000;

export type RequestRow = Partial<RequestDoc> & { _id: Types.ObjectId };

/** One generated session, as server/seed/history.ts priced it. */
export interface GeneratedSession {
  entry: NewEntry;
  start: Date;
  /** Minutes the request asked for. */
  bookedMinutes: number;
  /** For a late cancellation, when it came. */
  cancelledAt?: Date;
  structure: { id: string; name: string; department: string };
  /** The start of each Paris hour of the session's day, in UTC milliseconds. */
  dayHours: number[];
}

export interface RequestTotals {
  requests: number;
  filled: number;
  unfilled: number;
  cancelledUnassigned: number;
}

/**
 * Makes the requests of a year, with ids of their own: the creation time in the ObjectId's time (lists
 * newest first stay in order), then the year and a counter, so that a second run makes the same ids.
 * Draws from its own random stream: the sessions, and so the usage figures, are those generated before
 * requests were. `requesterOf` names each structure's requester; a structure of the history without an
 * account (most of them) gets its own id in that field, which no mail ever reads for a past request.
 */
export function requestMaker(year: number, requesterOf: Map<string, string>) {
  const random = mulberry32(year * 7919 + 17);
  const pickHour = weighted(DAY_HOURS, random);
  const totals: RequestTotals = { requests: 0, filled: 0, unfilled: 0, cancelledUnassigned: 0 };
  let factors = 0;
  const idOf = (createdAt: Date) => {
    const seconds = Math.floor(createdAt.getTime() / 1000).toString(16).padStart(8, '0');
    return new Types.ObjectId(`${seconds}68${year.toString(16).padStart(4, '0')}0000${(totals.requests++).toString(16).padStart(6, '0')}`);
  };
  const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * normal(random));

  function base(s: GeneratedSession, modality: Modality, immediate: boolean, start: Date, createdAt: Date, bookedMinutes: number): RequestRow {
    return {
      _id: idOf(createdAt),
      structureId: new Types.ObjectId(s.structure.id),
      requesterId: new Types.ObjectId(requesterOf.get(s.structure.id) ?? s.structure.id),
      language: s.entry.language,
      modality,
      immediate,
      start,
      end: new Date(start.getTime() + bookedMinutes * MINUTE),
      durationMinutes: bookedMinutes,
      specialty: s.entry.specialty,
      location: modality === 'onsite' ? { address: s.structure.name, department: s.structure.department } : undefined,
      createdAt,
      dispatchPlannedAt: createdAt,
    };
  }

  /** Booked well ahead, some days before as a rule; a "now" request is made at its start. */
  const createdBefore = (start: Date, immediate: boolean) =>
    immediate ? start : new Date(start.getTime() - Math.min(60 * 24, Math.max(2, lognormal(72, 1))) * HOUR);

  /** The request the session was: completed, or cancelled late while assigned; keys its ledger entry by it. */
  function filled(s: GeneratedSession, scarcity: number): RequestRow {
    const { entry } = s;
    const modality = entry.modality as Modality;
    const immediate = modality === 'phone' && entry.kind === 'session' && random() < NOW_SHARE_OF_PHONE;
    const createdAt = createdBefore(s.start, immediate);
    // "Now": within the two waves of 90 s; booked: the first waves, longer where interpreters are scarce.
    const assignedAt = immediate
      ? new Date(createdAt.getTime() + Math.min(175, Math.max(5, lognormal(35, 0.5))) * 1000)
      : new Date(Math.min(createdAt.getTime() + Math.max(1, lognormal(20 * Math.sqrt(scarcity), 1)) * MINUTE, s.start.getTime() - 10 * MINUTE));
    const row = base(s, modality, immediate, s.start, createdAt, s.bookedMinutes);
    const by = { byRole: 'interpreter', interpreterId: new Types.ObjectId(entry.interpreterId) };
    const ended = s.cancelledAt
      ? { event: 'cancel', at: s.cancelledAt, byRole: 'requester' }
      : { event: 'complete', at: entry.at, ...by };
    Object.assign(row, {
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
    });
    // The ledger entry is the one the live transition writes: keyed by the request's version.
    entry.key = `request:${row._id.toString()}:v2`;
    entry.requestId = row._id.toString();
    totals.filled += 1;
    return row;
  }

  /** Another request of the same demand that day, given up at its start (a "now" one after its waves). */
  function unfilled(s: GeneratedSession, remoteness: number): RequestRow {
    const modality = s.entry.modality as Modality;
    const immediate = modality === 'phone' && random() < NOW_SHARE_OF_PHONE;
    const start = new Date(s.dayHours[pickHour()]! + Math.floor(random() * 4) * 15 * MINUTE);
    const createdAt = createdBefore(start, immediate);
    const givenUp = new Date(immediate ? start.getTime() + NOW_GIVE_UP_MS : start.getTime());
    const reason = unfilledReason(immediate, remoteness, random);
    const row = base(s, modality, immediate, start, createdAt, s.bookedMinutes);
    Object.assign(row, { status: 'unfilled', unfilledReason: reason, version: 1, history: [{ version: 1, event: 'giveUp', at: givenUp, byRole: 'system' }] });
    totals.unfilled += 1;
    return row;
  }

  /** A booked request of that day the requester cancelled before anyone took it. */
  function cancelledEarly(s: GeneratedSession): RequestRow {
    const start = new Date(s.dayHours[pickHour()]! + Math.floor(random() * 4) * 15 * MINUTE);
    const createdAt = createdBefore(start, false);
    const at = new Date(createdAt.getTime() + random() * (start.getTime() - createdAt.getTime()) * 0.5);
    const row = base(s, s.entry.modality as Modality, false, start, createdAt, s.bookedMinutes);
    Object.assign(row, {
      status: 'cancelled', version: 1, cancellationFeeCents: 0,
      cancellation: { at, byRole: 'requester', minutesBeforeStart: Math.floor((start.getTime() - at.getTime()) / MINUTE), wasAssigned: false },
      history: [{ version: 1, event: 'cancel', at, byRole: 'requester' }],
    });
    totals.cancelledUnassigned += 1;
    return row;
  }

  return {
    totals,
    /**
     * The requests of one session's demand: the session's own (its ledger entry keyed by it), then,
     * drawn at the rates of history-data.ts, an unfilled one and a cancelled one. The unfilled chance is
     * the target times this demand's scarcity over the average scarcity of the demand so far, so that
     * the year lands near the target and the scarce languages, modalities and places fail more.
     */
    forSession(s: GeneratedSession): RequestRow[] {
      const modality = s.entry.modality as Modality;
      const remoteness = modality === 'onsite' ? (DEPARTMENT_REMOTENESS[s.structure.department] ?? 1) : 1;
      const scarcity = (LANGUAGE_SCARCITY[s.entry.language] ?? 1) * MODALITY_SCARCITY[modality] * remoteness;
      factors += scarcity;
      const failure = Math.min(0.5, (UNFILLED_TARGET * scarcity) / (factors / (totals.filled + 1)));
      const rows = [filled(s, scarcity)];
      // Per request filled, failure / (1 - failure) given up makes a share `failure` of those decided.
      if (random() < failure / (1 - failure)) rows.push(unfilled(s, remoteness));
      if (random() < CANCELLED_UNASSIGNED_SHARE / (1 - CANCELLED_UNASSIGNED_SHARE)) rows.push(cancelledEarly(s));
      return rows;
    },
  };
}

/** Mostly nobody answered in time; nobody able to go, more often far from the interpreters; some too late, some withdrawn. */
function unfilledReason(immediate: boolean, remoteness: number, random: () => number): UnfilledReason {
  const weights: Array<[UnfilledReason, number]> = immediate
    ? [['nobody_answered', 0.8], ['nobody_eligible', 0.2]]
    : [['nobody_answered', 0.5], ['nobody_eligible', 0.25 * remoteness], ['too_late', 0.15], ['withdrawn', 0.1]];
  let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [reason, weight] of weights) if ((r -= weight) < 0) return reason;
  return 'nobody_answered';
}

/** What the schema would default, for the fields a generated request does not set. */
const DEFAULTS = { candidateAgencyIds: [], wave: 1, unfilledReason: null, erasedAt: null };

/**
 * Writes requests through booking's import of prepared requests, a few thousand at a
 * time (ids already there are skipped). Stamped as changed now, so that a server already running
 * counts them in its access report.
 */
export async function writeRequests(rows: RequestRow[]): Promise<void> {
  const updatedAt = new Date();
  const docs = rows.map((row) => Object.fromEntries(Object.entries({ ...DEFAULTS, ...row, updatedAt }).filter(([, value]) => value !== undefined)) as RequestDoc);
  for (let i = 0; i < docs.length; i += 2000) await importPastRequests(docs.slice(i, i + 2000));
}
