import { DateTime } from 'luxon';
import { findCandidates } from '../../server/matching';
import type { Booking, InterpreterProfile, MatchingContext, RequestToMatch } from '../../server/matching/types';

/** An instant given as Paris wall-clock time, e.g. paris('2026-03-29T09:00'). */
export const paris = (wallClock: string): Date => DateTime.fromISO(wallClock, { zone: 'Europe/Paris' }).toJSDate();

const EVERY_DAY_8_TO_18 = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '18:00' }));

export function profile(overrides: Partial<InterpreterProfile> = {}): InterpreterProfile {
  return {
    id: 'i-1',
    name: 'Amina',
    agencyId: 'agency-1',
    active: true,
    gender: 'female',
    languages: ['ara', 'fra'],
    specialties: [],
    modalities: ['phone', 'video', 'onsite'],
    departments: ['69'],
    travelBufferMinutes: 30,
    availability: EVERY_DAY_8_TO_18,
    exceptions: [],
    ...overrides,
  };
}

/** A one-hour video request in Arabic on Tuesday 16 June 2026, 10:00 Paris, unless told otherwise. */
export function request(overrides: Partial<RequestToMatch> = {}): RequestToMatch {
  return {
    id: 'r-1',
    structureId: 's-1',
    language: 'ara',
    modality: 'video',
    start: paris('2026-06-16T10:00'),
    end: paris('2026-06-16T11:00'),
    ...overrides,
  };
}

export function context(overrides: Partial<MatchingContext> = {}): MatchingContext {
  return { agendas: new Map(), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map(), ...overrides };
}

export function booking(start: string, end: string, modality: Booking['modality'], requestId = 'other'): Booking {
  return { requestId, start: paris(start), end: paris(end), modality, department: modality === 'onsite' ? '69' : undefined };
}

/** The ineligibility codes of one profile alone against the request ([] when eligible). */
export function reasonsAgainst(req: RequestToMatch, p: InterpreterProfile, ctx: MatchingContext = context()): readonly string[] {
  const { ranked, ineligible } = findCandidates(req, [p], ctx);
  if (ranked.some((c) => c.interpreterId === p.id)) return [];
  return ineligible.find((i) => i.interpreterId === p.id)!.reasons;
}

export const rankedIds = (req: RequestToMatch, profiles: InterpreterProfile[], ctx: MatchingContext = context()) =>
  findCandidates(req, profiles, ctx).ranked.map((c) => c.interpreterId);
