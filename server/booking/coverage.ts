import { MODALITIES, type Modality } from '../../shared/enums';
import type { CoverageQuery } from '../../shared/schemas/booking';
import { interpreterProfilesFor } from '../directory/interpreters';
import { findLanguage } from '../directory/languages';
import { findCandidates } from '../matching';
import type { InterpreterProfile, MatchingContext, RequestToMatch } from '../matching/types';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden } from '../platform/errors';
import { agendasOf, languageCodes, languagesToMatch, notWantedBy } from './match-inputs';
import { assertWhen } from './rules';
import { toId } from './store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

/** Later starts tried for a request nobody can take: the same day, then the same hour on the next days. */
const LATER = [HOUR, 2 * HOUR, 3 * HOUR, DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 6 * DAY, 7 * DAY];

type Pool = { profiles: InterpreterProfile[]; context: MatchingContext };

/**
 * Counts eligible interpreters with dispatch's eligibility (related languages, modality, department,
 * gender, availability, agendas and travel buffers), reading each pool of interpreters (language and
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
 * (a later time may suit them).
 */
export async function alternativesFor(request: RequestToMatch, counter = new EligibilityCounter(), passedOn: ReadonlySet<string> = new Set()): Promise<Alternatives> {
  const length = request.end.getTime() - request.start.getTime();
  const times: Alternatives['times'] = [];
  for (const offset of LATER) {
    if (times.length === 3) break;
    const start = new Date(request.start.getTime() + offset);
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
 * names. `onsite` is null without a department (the department decides who can travel there).
 * Errors: 400 `unknown_language`; 403 for anyone but a requester of a structure.
 */
export async function coverage(actor: Actor, query: CoverageQuery, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  if (!findLanguage(query.language)) throw badRequest('Unknown language.', [{ field: 'language', code: 'unknown_language', message: `"${query.language}" is not an ISO 639-3 living language` }]);
  assertWhen(query, now);
  const start = query.start === 'now' ? now : new Date(query.start);
  const request: RequestToMatch = {
    id: 'coverage',
    structureId: actor.structureId,
    ...languagesToMatch(query.language),
    modality: query.modality,
    start,
    end: new Date(start.getTime() + query.durationMinutes * MINUTE),
    department: query.department,
    interpreterGender: query.interpreterGender,
    notWantedInterpreterIds: await notWantedBy(actor.structureId),
  };
  const byModality = await countsByModality(new EligibilityCounter(), request);
  return { eligible: byModality[query.modality] ?? 0, byModality };
}
