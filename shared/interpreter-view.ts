import type { DatedException, WeeklySlot } from './availability';

/**
 * An interpreter's profile as the API sends it (`GET /api/interpreters`, `/api/interpreters/me`), built
 * by server/directory/views.ts; read by the client's availability pages. Times are ISO 8601 strings.
 */
export interface InterpreterView {
  id: string;
  email: string;
  name: string;
  role: string;
  structureId?: string | undefined;
  agencyId?: string | undefined;
  active: boolean;
  /** Invited, no password chosen yet. */
  invitationPending: boolean;
  referent: boolean;
  createdAt: string;
  updatedAt: string;
  gender?: string | undefined;
  languages: string[];
  specialties: string[];
  modalities: string[];
  departments: string[];
  travelBufferMinutes?: number | undefined;
  /** INSEE code of the commune on-site travel is billed from. */
  baseCommune?: string | undefined;
  availability: WeeklySlot[];
  exceptions: DatedException[];
  /** Qualifications held (codes of `GET /api/qualifications`), days as YYYY-MM-DD; valid through `validUntil`. */
  qualifications: Array<{ code: string; obtainedOn: string; validUntil?: string }>;
  /** Late withdrawals, and the requesters' ratings (average out of 5, null before the first). */
  record: { lateWithdrawals: number; ratings: number; averageRating: number | null };
  phone?: string | undefined;
  videoLink?: string | undefined;
  /** The agency's zone, in which matching reads the weekly template (Europe/Paris on the mainland). */
  timeZone: string;
  /** The agency's region (INSEE code, of its first department, whose zone it is); absent for an agency without departments. */
  region?: string | undefined;
}
