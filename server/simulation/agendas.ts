import type { Modality } from '../../shared/enums';
import { findCandidates } from '../matching';
import type { Booking, InterpreterProfile, MatchingContext, RankedCandidate, RequestToMatch } from '../matching/types';
import { languageCodes, languagesToMatch } from '../booking/match-languages';
import type { SimRequest } from './demand';

// What matching reads, kept in memory as the simulation assigns sessions: each interpreter's agenda in
// start order, the profiles that speak each language, and the context dispatch builds from the stores
// (server/booking/match-inputs.ts): the agendas, the minutes worked over the last 30 days, agency costs.

const DAY = 86_400_000;
const RECENT_MS = 30 * DAY;

/** `zone`: the region's, in which matching reads a request's date (qualifications), as the request's structure's zone. */
export function simulatedAgendas(profiles: InterpreterProfile[], agencyHourlyCents: (request: SimRequest, agencyId: string) => number, zone: string) {
  const agendas = new Map<string, Booking[]>(profiles.map((p) => [p.id, []]));
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const speakers = new Map<string, InterpreterProfile[]>();
  for (const p of profiles) for (const code of p.languages) speakers.set(code, [...(speakers.get(code) ?? []), p]);
  const languages = new Map<string, ReturnType<typeof languagesToMatch>>();
  const candidatesOf = new Map<string, InterpreterProfile[]>();

  /** The profiles speaking the language or a related one in that modality, in pool order (interpreterProfilesFor). */
  function profilesFor(request: RequestToMatch): InterpreterProfile[] {
    const key = `${request.language}|${request.modality}`;
    let found = candidatesOf.get(key);
    if (!found) {
      const ids = new Set(languageCodes(request).flatMap((code) => (speakers.get(code) ?? []).map((p) => p.id)));
      found = profiles.filter((p) => ids.has(p.id) && p.modalities.includes(request.modality));
      candidatesOf.set(key, found);
    }
    return found;
  }

  /** The first booking starting at or after `at`. */
  const firstFrom = (bookings: Booking[], at: number) => {
    let low = 0;
    let high = bookings.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (bookings[mid]!.start.getTime() < at) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  /** Matching's findCandidates over these profiles, with the context dispatch would read at `now`. */
  function rankAmong(candidates: InterpreterProfile[], request: SimRequest, match: RequestToMatch, now: number): RankedCandidate[] {
    const context: MatchingContext = { agendas: new Map(), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map() };
    for (const p of candidates) {
      const bookings = agendas.get(p.id)!;
      // Only what can clash: bookings within a day of the session (travel buffers are minutes).
      context.agendas.set(p.id, bookings.slice(firstFrom(bookings, request.start - DAY), firstFrom(bookings, request.end + DAY)));
      let minutes = 0;
      for (let i = firstFrom(bookings, now - RECENT_MS); i < bookings.length; i += 1) minutes += (bookings[i]!.end.getTime() - bookings[i]!.start.getTime()) / 60_000;
      context.recentMinutes.set(p.id, minutes);
      if (!context.agencyHourlyCents.has(p.agencyId)) context.agencyHourlyCents.set(p.agencyId, agencyHourlyCents(request, p.agencyId));
    }
    return findCandidates(match, candidates, context).ranked;
  }

  return {
    agendas,
    toMatch(request: SimRequest, modality: Modality): RequestToMatch {
      let related = languages.get(request.language);
      if (!related) languages.set(request.language, (related = languagesToMatch(request.language)));
      return {
        id: String(request.index), structureId: request.structureId, ...related, modality,
        start: new Date(request.start), end: new Date(request.end), specialty: request.specialty,
        department: modality === 'onsite' ? request.department : undefined,
        timeZone: zone,
      };
    },

    /** Matching's findCandidates over the profiles that speak the language, with the context as it stands at `now`. */
    rank: (request: SimRequest, match: RequestToMatch, now: number): RankedCandidate[] => rankAmong(profilesFor(match), request, match, now),

    /**
     * Who a dispatcher may send on site from elsewhere in the region: the same ranking with the request's
     * department added to every profile's: the dispatcher adds it to the profile of the one who agrees to travel
     * (dispatchers may edit their agency's interpreters' departments), then assigns, which checks the rest.
     */
    rankTravelling(request: SimRequest, match: RequestToMatch, now: number): RankedCandidate[] {
      const key = `${request.language}|travel|${request.department}`;
      let travelling = candidatesOf.get(key);
      if (!travelling) {
        travelling = profilesFor(match).map((p) => (p.departments.includes(request.department) ? p : { ...p, departments: [...p.departments, request.department] }));
        candidatesOf.set(key, travelling);
      }
      return rankAmong(travelling, request, match, now);
    },

    /** Hours the interpreter holds in the week around `at` (3.5 days either side). */
    weekHours(interpreterId: string, at: number): number {
      const bookings = agendas.get(interpreterId)!;
      let minutes = 0;
      for (let i = firstFrom(bookings, at - 3.5 * DAY); i < bookings.length && bookings[i]!.start.getTime() < at + 3.5 * DAY; i += 1) {
        minutes += (bookings[i]!.end.getTime() - bookings[i]!.start.getTime()) / 60_000;
      }
      return minutes / 60;
    },

    profile: (id: string) => byId.get(id)!,

    hold(interpreterId: string, request: SimRequest, modality: Modality): void {
      const bookings = agendas.get(interpreterId)!;
      const booking: Booking = { requestId: String(request.index), start: new Date(request.start), end: new Date(request.end), modality, department: request.department };
      bookings.splice(firstFrom(bookings, request.start), 0, booking);
    },

    release(interpreterId: string, request: SimRequest): void {
      const bookings = agendas.get(interpreterId)!;
      const at = bookings.findIndex((b) => b.requestId === String(request.index));
      if (at >= 0) bookings.splice(at, 1);
    },
  };
}

export type SimulatedAgendas = ReturnType<typeof simulatedAgendas>;
