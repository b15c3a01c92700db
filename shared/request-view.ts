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
  /** The IANA zone its times are read and shown in, its structure's ('Europe/Paris', 'Indian/Reunion'). */
  timeZone: string;
  durationMinutes: number;
  /** Minutes of exchange with the professional before the start and after the end (0 when none): part of the booked slot, see shared/exchange.ts. */
  briefingMinutes: number;
  debriefingMinutes: number;
  specialty?: string | undefined;
  department?: string | undefined;
  location?: { address?: string | null | undefined; department?: string | null | undefined } | undefined;
  interpreterGender?: string | undefined;
  sameInterpreterAs?: string | undefined;
  patientRef?: string | undefined;
  notes?: string | undefined;
  seriesId?: string | undefined;
  occurrence?: number | undefined;
  /** How many sessions its series was booked with. */
  seriesSize?: number | undefined;
  status: RequestStatus;
  interpreter?: { id: string; name: string } | undefined;
  /** How the structure meets the interpreter: the platform's call for phone and video (no personal number or link), the address on site. */
  connection?: { kind: 'phone' } | { kind: 'video' } | { kind: 'onsite'; address?: string | null | undefined } | undefined;
  /**
   * A phone or video session held in the platform, for the structure and the assigned interpreter:
   * `joinPath` the call page, `measuredSeconds` the time the interpreter and at least one other
   * participant were connected together, `participants` how many are connected now, `sound` how many
   * participants answered "Le son était-il bon ?" yes and no after the call (absent before any answer).
   */
  call?: { joinPath: string; measuredSeconds: number; participants: number; sound?: { good: number; bad: number } | undefined } | undefined;
  /** The number the interpreter calls when the call cannot be held in the browser (the structure's and the assigned interpreter's views). */
  callbackPhone?: string | undefined;
  /** For the interpreter and dispatchers: the structure the session is for; for the interpreter once assigned, the professional who booked. */
  structureName?: string | undefined;
  requesterName?: string | undefined;
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
  /** `heldByCallback`: the call could not be held in the platform; the interpreter called the callback number and declared the minutes (the call's own measure is `call.measuredSeconds`). */
  completion?: { at?: string | undefined; actualMinutes?: number | undefined; outcome?: string | undefined; heldByCallback?: true | undefined } | undefined;
  costCents?: number | undefined;
  createdAt: string;
}
