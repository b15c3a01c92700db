import type { AlternativesView } from '../../shared/coverage-advice';
import { MODALITIES, type Modality } from '../../shared/enums';
import { sameWallClockLater } from '../../shared/paris-time';
import type { CoverageQuery } from '../../shared/schemas/booking';
import { interpreterProfilesFor } from '../directory/interpreters';
import { structureTimeZone } from '../directory/structures';
import { findLanguage } from '../directory/languages';
import { qualificationsRequiredFor } from '../directory/qualifications';
import { findCandidates } from '../matching';
import type { InterpreterProfile, MatchingContext, RequestToMatch } from '../matching/types';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden } from '../platform/errors';
import { agendasOf, exclusionsOf, languageCodes, languagesToMatch } from './match-inputs';
import { assertWhen } from './rules';
import { toId } from './store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Counts per modality; `onsite` is null when no department says where the session would be. */
export type CountsByModality = Record<Modality, number | null>;

/** What would work instead of a request nobody can take: counts only, no names. */
export interface Alternatives {
  /** How many interpreters it was offered to who did not take it (declined, or let it lapse); 0 when offered to nobody. */
  offeredTo: number;
  /** At the same time, with each modality the language allows, not counting those it was offered to. */
  byModality: CountsByModality;
  /** The same request a little later: up to three starts with somebody eligible, soonest first. */
  times: Array<{ start: Date; eligible: number }>;
}

/**
 * Later starts tried for a request nobody can take: one to three hours later, then the same wall-clock
 * time of its zone on each of the next seven days (skipped on a day whose clocks jump over it).
 */
function laterStarts(start: Date, zone: string): Date[] {
  const sameDay = [1, 2, 3].map((hours) => new Date(start.getTime() + hours * HOUR));
  const nextDays = [1, 2, 3, 4, 5, 6, 7].flatMap((days) => sameWallClockLater(start, { days }, zone).start ?? []);
  return [...sameDay, ...nextDays];
}

type Pool = { profiles: InterpreterProfile[]; context: MatchingContext };

/**
 * Counts eligible interpreters with dispatch's eligibility (related languages, modality, department,
 * gender, qualifications, availability, agendas and travel buffers), reading each pool of interpreters (language and
 * modality) and their agendas once for any number of requests: a series, or one request at several times.
 */
export class EligibilityCounter {
  private readonly pools = new Map<string, Promise<Pool>>();

  count(request: RequestToMatch): Promise<number> {
    return this.pool(request).then(({ profiles, context }) => findCandidates(request, profiles, context).ranked.length);
  }

  private pool(request: RequestToMatch): Promise<Pool> {
    const codes = languageCodes(request);
    const key = `${request.modality}:${codes.join(',')}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = interpreterProfilesFor(codes, request.modality).then(async (profiles) => ({
        profiles,
        context: { agendas: await agendasOf(profiles.map((p) => toId(p.id))), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map() },
      }));
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/** How many interpreters could take each of these requests (the occurrences of a series), in order. */
export function eligibleCounts(requests: readonly RequestToMatch[], counter = new EligibilityCounter()): Promise<number[]> {
  return Promise.all(requests.map((request) => counter.count(request)));
}

async function countsByModality(counter: EligibilityCounter, request: RequestToMatch): Promise<CountsByModality> {
  const allowed = findLanguage(request.language)?.modalities ?? [];
  const byModality: CountsByModality = { phone: 0, video: 0, onsite: 0 };
  for (const modality of MODALITIES) {
    if (!allowed.includes(modality)) continue;
    if (modality === 'onsite' && !request.department) {
      byModality.onsite = null;
      continue;
    }
    // Only a session on site has a place: phone and video alternatives travel nowhere.
    byModality[modality] = await counter.count({ ...request, modality, department: modality === 'onsite' ? request.department : undefined });
  }
  return byModality;
}

/**
 * What would work for a request nobody can take, told to the requester: the other modalities at the
 * same time, and the first later starts (same day, then the next seven days at the same hour) when
 * somebody could come. Counts only. `passedOn`: the interpreters it was offered to who did not take it;
 * at the same time they would not take it in another modality either, so they are not counted there
 * (a later time may suit them). `zone`: the request's, whose wall-clock time the next days keep.
 */
export async function alternativesFor(request: RequestToMatch, zone: string, counter = new EligibilityCounter(), passedOn: ReadonlySet<string> = new Set()): Promise<Alternatives> {
  const length = request.end.getTime() - request.start.getTime();
  const times: Alternatives['times'] = [];
  for (const start of laterStarts(request.start, zone)) {
    if (times.length === 3) break;
    const eligible = await counter.count({ ...request, start, end: new Date(start.getTime() + length) });
    if (eligible > 0) times.push({ start, eligible });
  }
  const notAgain = new Set([...(request.notWantedInterpreterIds ?? []), ...passedOn]);
  const byModality = await countsByModality(counter, { ...request, notWantedInterpreterIds: notAgain });
  return { offeredTo: passedOn.size, byModality, times };
}

/**
 * How many interpreters could take a request like this one, before it is sent: the same eligibility as
 * dispatch, counted for the modality asked and for the other ones the language allows. Counts only, no
 * names. `specialty` counts only those holding the qualifications it requires on the session's date;
 * `briefingMinutes` and `debriefingMinutes` hold the agenda before and after, as booking does. `onsite`
 * is null without a department (the department decides who can travel there). For a
 * series (`every` and `count`), `occurrences` counts every session, with what would work instead for
 * those nobody can take; `eligible` and `byModality` stay the first session's.
 * Errors: 400 `unknown_language`; 403 for anyone but a requester of a structure; 422 as booking would.
 */
export async function coverage(actor: Actor, query: CoverageQuery, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  if (!findLanguage(query.language)) throw badRequest('Unknown language.', [{ field: 'language', code: 'unknown_language', message: `"${query.language}" is not an ISO 639-3 living language` }]);
  const recurrence = query.every && query.count ? { every: query.every, count: query.count } : undefined;
  const zone = await structureTimeZone(actor.structureId);
  const starts = assertWhen({ ...query, recurrence }, now, zone);
  const [exclusions, requiredQualifications] = await Promise.all([exclusionsOf(actor.structureId), qualificationsRequiredFor(query.specialty, query.language)]);
  const notWantedInterpreterIds = exclusions.notWanted;
  const asked = (start: Date): RequestToMatch => ({
    id: 'coverage',
    structureId: actor.structureId!,
    ...languagesToMatch(query.language),
    modality: query.modality,
    start,
    end: new Date(start.getTime() + query.durationMinutes * MINUTE),
    department: query.department,
    specialty: query.specialty,
    interpreterGender: query.interpreterGender,
    notWantedInterpreterIds,
    requiredQualifications,
    timeZone: zone,
    briefingMinutes: query.briefingMinutes ?? 0,
    debriefingMinutes: query.debriefingMinutes ?? 0,
  });
  const counter = new EligibilityCounter();
  const byModality = await countsByModality(counter, asked(starts[0]!));
  if (!recurrence) return { eligible: byModality[query.modality] ?? 0, byModality };
  const requests = starts.map(asked);
  const counts = await eligibleCounts(requests, counter);
  const occurrences = await Promise.all(requests.map(async (request, index) => ({
    occurrence: index + 1,
    start: request.start.toISOString(),
    eligible: counts[index]!,
    ...(counts[index] === 0 ? { alternatives: alternativesView(await alternativesFor(request, zone, counter)) } : {}),
  })));
  return { eligible: byModality[query.modality] ?? 0, byModality, occurrences };
}

/** Alternatives as the API shows them (ISO times). */
export const alternativesView = (alternatives: Alternatives): AlternativesView => ({
  byModality: alternatives.byModality,
  times: alternatives.times.map((t) => ({ start: t.start.toISOString(), eligible: t.eligible })),
});
