import { callPath } from '../../shared/call-protocol';
import type { AlternativesView } from '../../shared/coverage-advice';
import type { Modality } from '../../shared/enums';
import type { RequestView } from '../../shared/request-view';
import type { RequestStatus, UnfilledReason, Verification } from '../../shared/schemas/booking';

export type { RequestView };
import type { RequestDoc } from './store';
import { zoneOf } from './zone';

export type Audience = 'structure' | 'interpreter' | 'dispatcher' | 'auditor';

export interface InterpreterContact {
  id: string;
  name: string;
  phone?: string;
  videoLink?: string;
}

/** What a view adds from other components: the call's measure, and for the interpreter who they work for. */
export interface ViewExtras {
  call?: { measuredSeconds: number; participants: number; sound?: { good: number; bad: number } | undefined } | undefined;
  structureName?: string | undefined;
  requesterName?: string | undefined;
}

/** Phone and video sessions are held in the platform's own call. */
export const heldInCall = (doc: Pick<RequestDoc, 'modality'>) => doc.modality === 'phone' || doc.modality === 'video';

const str = (value: { toString(): string } | null | undefined) => (value ? value.toString() : undefined);

/**
 * A request as one audience may see it. Patient fields (reference and notes) never leave the structure
 * that wrote them; the address is shown to the structure and to the interpreter who goes there.
 */
export function requestView(doc: RequestDoc, audience: Audience, interpreter?: InterpreterContact, extras: ViewExtras = {}): RequestView {
  const ownStructure = audience === 'structure';
  const goingThere = audience === 'interpreter' && doc.status !== 'open';
  const participant = ownStructure || audience === 'interpreter';
  return {
    id: doc._id.toString(),
    structureId: doc.structureId.toString(),
    language: doc.language,
    modality: doc.modality as Modality,
    immediate: doc.immediate,
    start: doc.start.toISOString(),
    end: doc.end.toISOString(),
    timeZone: zoneOf(doc),
    durationMinutes: doc.durationMinutes,
    briefingMinutes: doc.briefingMinutes ?? 0,
    debriefingMinutes: doc.debriefingMinutes ?? 0,
    specialty: doc.specialty ?? undefined,
    department: doc.location?.department ?? undefined,
    location: ownStructure || goingThere ? (doc.location ?? undefined) : undefined,
    interpreterGender: doc.interpreterGender ?? undefined,
    sameInterpreterAs: ownStructure ? str(doc.sameInterpreterAs) : undefined,
    patientRef: ownStructure ? (doc.patientRef ?? undefined) : undefined,
    notes: ownStructure ? (doc.notes ?? undefined) : undefined,
    seriesId: str(doc.seriesId),
    occurrence: doc.occurrence ?? undefined,
    seriesSize: doc.seriesSize ?? undefined,
    status: doc.status as RequestStatus,
    interpreter: interpreter && doc.interpreterId ? { id: interpreter.id, name: interpreter.name } : undefined,
    connection: ownStructure && interpreter ? connection(doc, interpreter) : undefined,
    call: participant && heldInCall(doc) && (doc.status === 'assigned' || doc.status === 'completed')
      ? { joinPath: callPath(doc._id.toString()), measuredSeconds: extras.call?.measuredSeconds ?? 0, participants: doc.status === 'assigned' ? (extras.call?.participants ?? 0) : 0, ...(extras.call?.sound ? { sound: extras.call.sound } : {}) }
      : undefined,
    callbackPhone: ownStructure || goingThere ? (doc.callbackPhone ?? undefined) : undefined,
    structureName: audience === 'interpreter' || audience === 'dispatcher' ? extras.structureName : undefined,
    requesterName: goingThere ? extras.requesterName : undefined,
    atRisk: (doc.status === 'open' && doc.atRiskSince) || (doc.status === 'assigned' && doc.reconfirmationMissedAt && !doc.reconfirmedAt) ? true as const : undefined,
    reconfirmedAt: doc.status === 'assigned' && !doc.immediate ? (doc.reconfirmedAt?.toISOString() ?? null) : undefined,
    verification: (doc.verification ?? undefined) as Verification | undefined,
    verificationDueAt: doc.verification === 'pending' ? doc.verificationDueAt?.toISOString() : undefined,
    dispute: doc.dispute && audience !== 'interpreter' ? { at: doc.dispute.at!.toISOString(), actualMinutes: doc.dispute.actualMinutes ?? undefined, reason: doc.dispute.reason ?? undefined } : undefined,
    resolution: doc.resolution ? { at: doc.resolution.at!.toISOString(), decision: doc.resolution.decision!, reason: audience === 'interpreter' ? undefined : (doc.resolution.reason ?? undefined) } : undefined,
    feedback: ownStructure && doc.feedback ? { rating: doc.feedback.rating!, comment: doc.feedback.comment ?? undefined, doNotSendAgain: doc.feedback.doNotSendAgain ?? false } : undefined,
    problem: doc.problem && (audience === 'interpreter' || audience === 'dispatcher') ? { kind: doc.problem.kind!, comment: doc.problem.comment ?? undefined, at: doc.problem.at!.toISOString() } : undefined,
    unfilledReason: doc.status === 'unfilled' ? ((doc.unfilledReason ?? undefined) as UnfilledReason | undefined) : undefined,
    uncovered: doc.uncovered ? true as const : undefined,
    uncoveredSince: doc.uncovered ? doc.uncoveredSince?.toISOString() : undefined,
    alternatives: doc.uncovered && audience !== 'interpreter' ? alternativesView(doc) : undefined,
    cancellation: doc.cancellation
      ? { at: doc.cancellation.at!.toISOString(), byRole: doc.cancellation.byRole!, reason: ownStructure ? (doc.cancellation.reason ?? undefined) : undefined, minutesBeforeStart: doc.cancellation.minutesBeforeStart ?? undefined }
      : undefined,
    cancellationFeeCents: doc.cancellation ? (doc.cancellationFeeCents ?? 0) : undefined,
    completion: doc.completion ? { at: doc.completion.at?.toISOString(), actualMinutes: doc.completion.actualMinutes ?? undefined, outcome: doc.completion.outcome ?? undefined, ...(doc.completion.heldByCallback ? { heldByCallback: true as const } : {}) } : undefined,
    costCents: doc.costCents ?? undefined,
    createdAt: doc.createdAt.toISOString(),
  };
}

/** How the structure meets the interpreter: in the platform's call (never their personal number or link), or at the address. */
function connection(doc: RequestDoc, _interpreter: InterpreterContact) {
  if (doc.modality === 'phone') return { kind: 'phone' as const };
  if (doc.modality === 'video') return { kind: 'video' as const };
  return { kind: 'onsite' as const, address: doc.location?.address };
}

function alternativesView(doc: RequestDoc): AlternativesView | undefined {
  const stored = doc.alternatives;
  if (!stored) return undefined;
  const count = (n: number | null | undefined) => (typeof n === 'number' ? n : null);
  return {
    ...(stored.offeredTo ? { offeredTo: stored.offeredTo } : {}),
    byModality: { phone: count(stored.byModality?.phone), video: count(stored.byModality?.video), onsite: count(stored.byModality?.onsite) },
    times: (stored.times ?? []).map((t) => ({ start: t.start!.toISOString(), eligible: t.eligible ?? 0 })),
  };
}
