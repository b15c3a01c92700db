import type { AlternativesView } from './coverage-advice';
import type { Modality } from './enums';
import type { RequestStatus, UnfilledReason, Verification } from './schemas/booking';

/**
 * A request as the API sends it (`GET /api/requests`, live `request:updated` events), built by
 * server/booking/views.ts for one audience; read by the client. Times are ISO 8601 strings in UTC.
 * A field absent from an audience's view is undefined (patient fields leave only to their structure).
 */
export interface RequestView {
  id: string;
  structureId: string;
  language: string;
  modality: Modality;
  immediate: boolean;
  start: string;
  end: string;
  durationMinutes: number;
  specialty?: string | undefined;
  department?: string | undefined;
  location?: { address?: string | null | undefined; department?: string | null | undefined } | undefined;
  interpreterGender?: string | undefined;
  sameInterpreterAs?: string | undefined;
  patientRef?: string | undefined;
  notes?: string | undefined;
  seriesId?: string | undefined;
  occurrence?: number | undefined;
  status: RequestStatus;
  interpreter?: { id: string; name: string } | undefined;
  connection?: { kind: 'phone'; phone?: string | undefined } | { kind: 'video'; videoLink?: string | undefined } | { kind: 'onsite'; address?: string | null | undefined } | undefined;
  atRisk?: true | undefined;
  /** For an assigned booked session: when the interpreter reconfirmed, or null while they have not. */
  reconfirmedAt?: string | null | undefined;
  verification?: Verification | undefined;
  verificationDueAt?: string | undefined;
  dispute?: { at: string; actualMinutes?: number | undefined; reason?: string | undefined } | undefined;
  resolution?: { at: string; decision: string; reason?: string | undefined } | undefined;
  feedback?: { rating: number; comment?: string | undefined; doNotSendAgain: boolean } | undefined;
  problem?: { kind: string; comment?: string | undefined; at: string } | undefined;
  unfilledReason?: UnfilledReason | undefined;
  uncovered?: true | undefined;
  uncoveredSince?: string | undefined;
  alternatives?: AlternativesView | undefined;
  cancellation?: { at: string; byRole: string; reason?: string | undefined; minutesBeforeStart?: number | undefined } | undefined;
  cancellationFeeCents?: number | undefined;
  completion?: { at?: string | undefined; actualMinutes?: number | undefined; outcome?: string | undefined } | undefined;
  costCents?: number | undefined;
  createdAt: string;
}
