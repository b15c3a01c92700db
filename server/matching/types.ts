import type { Gender, Modality } from '../../shared/enums';

// Plain data in, plain data out: matching never touches the database or the clock.

/** What matching needs to know about a request. Times are absolute instants (UTC). */
export interface RequestToMatch {
  id: string;
  structureId: string;
  language: string;
  /** The request language's name, for reasons ("arabe"). */
  languageName?: string;
  /**
   * Languages an interpreter may also take it in (ISO 639-3 macrolanguage relations: the macrolanguage,
   * its members, sibling varieties), with their names; exact matches rank first, then macrolanguage and
   * members, siblings last.
   */
  relatedLanguages?: Array<{ code: string; relation: 'macrolanguage' | 'member' | 'sibling'; name: string }>;
  modality: Modality;
  /** The session's start and end; the interpreter is held from `briefingMinutes` before to `debriefingMinutes` after (shared/exchange.ts). */
  start: Date;
  end: Date;
  briefingMinutes?: number;
  debriefingMinutes?: number;
  specialty?: string;
  /** On-site department; required when modality is onsite. */
  department?: string;
  interpreterGender?: Gender;
  patientRef?: string;
  seriesId?: string;
  /** "Same interpreter as" a previous request, or the interpreter of a series' first occurrence. */
  preferredInterpreterId?: string;
  /** Interpreters who withdrew from this request (never offered it again). */
  withdrawnInterpreterIds?: ReadonlySet<string>;
  /** Interpreters the requesting structure asked never to be offered again. */
  notWantedInterpreterIds?: ReadonlySet<string>;
  /** Interpreters who stepped back from a request of the same structure and patient reference because they know the patient (impartiality). */
  knowsPatientInterpreterIds?: ReadonlySet<string>;
  /**
   * The qualifications the catalogue requires for its specialty or language, with their names for reasons
   * (server/directory/qualifications.ts): each must be held and valid on the session's date.
   */
  requiredQualifications?: ReadonlyArray<{ code: string; name: string; grammaticalGender?: 'feminine' | 'masculine' }>;
  /** The IANA zone its session's date is read in (its structure's region's); Europe/Paris when absent. */
  timeZone?: string;
}

/** A qualification an interpreter holds: days as YYYY-MM-DD, valid through `validUntil` in the session's zone. */
export interface HeldQualification {
  code: string;
  obtainedOn: string;
  validUntil?: string;
}

/** An interpreter's profile as the directory keeps it (availability and absences in the wall-clock time of `timeZone`). */
export interface InterpreterProfile {
  id: string;
  name: string;
  agencyId: string;
  active: boolean;
  gender: Gender;
  languages: string[];
  specialties: string[];
  modalities: Modality[];
  departments: string[];
  travelBufferMinutes: number;
  availability: { weekday: number; from: string; to: string }[];
  exceptions: { date: string; slots: { from: string; to: string }[] }[];
  /** The IANA zone their availability and absences are written in: their agency's (shared/regions.ts); absent, Europe/Paris. */
  timeZone?: string;
  /** Invited, no password chosen yet: they cannot log in to accept an offer (ineligibility `no_account`). */
  invitationPending?: boolean;
  /** What the directory holds; none when absent (ineligibility `qualification` when a request requires one). */
  qualifications?: HeldQualification[];
}

/** One entry of an interpreter's agenda: a job they hold (assigned or being accepted). */
export interface Booking {
  requestId: string;
  start: Date;
  end: Date;
  modality: Modality;
  department?: string;
}

/** Facts about the past that ranking weighs; every map is keyed by interpreter id. */
export interface MatchingContext {
  agendas: Map<string, Booking[]>;
  /** Minutes worked over the recent period (fairness: less busy first). */
  recentMinutes: Map<string, number>;
  /** Earlier sessions with the same structure and patient reference or series (continuity). */
  continuity: Map<string, number>;
  /** Hourly cost of each agency in cents (cheaper first, all else equal). */
  agencyHourlyCents: Map<string, number>;
}

export interface RankedCandidate {
  interpreterId: string;
  name: string;
  agencyId: string;
  score: number;
  /** Why this rank, in French, shown to dispatchers ("Spécialité santé mentale", "A déjà suivi ce patient"). */
  reasons: string[];
}

export interface Ineligibility {
  interpreterId: string;
  /** Machine codes: inactive, language, modality, department, gender, availability, conflict, withdrew, not_wanted, no_account, travel, knows_patient, qualification. Shared between profiles: read only. */
  reasons: readonly string[];
}
