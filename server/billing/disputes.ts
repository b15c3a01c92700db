import { sessionDay, type Billable } from './charges';
import { disputes } from './dispute-store';
import { monthOf } from './ledger';

// What booking tells billing about a disputed session, so that reports set its cost apart until settled.

/** A session's structure disputes it: its billed cost counts as disputed in the usage report. */
export async function openDispute(request: Billable, at: Date): Promise<void> {
  await disputes.open({
    _id: request._id.toString(),
    month: monthOf(sessionDay(request)),
    structureId: request.structureId.toString(),
    agencyId: request.agencyId?.toString(),
    language: request.language,
    modality: request.modality,
    costCents: request.costCents ?? 0,
    openedAt: at,
  });
}

/** The dispute is settled (accepted or corrected): its cost is no longer disputed. */
export async function closeDispute(requestId: string, at: Date): Promise<void> {
  await disputes.close(requestId, at);
}

/** The open disputes of these months (YYYY-MM), for the usage report. */
export const openDisputesIn = (months: readonly string[]) => disputes.openIn(months);

/** Which of these requests (ids) are disputed still: a statement holds their cost apart. */
export const stillDisputed = (requestIds: readonly string[]) => (requestIds.length === 0 ? Promise.resolve(new Set<string>()) : disputes.openOf(requestIds));
