import { MODALITIES, type Modality } from '../../shared/enums';
import type { CoverageQuery } from '../../shared/schemas/booking';
import { interpreterProfilesFor } from '../directory/interpreters';
import { findLanguage } from '../directory/languages';
import { findCandidates } from '../matching';
import type { RequestToMatch } from '../matching/types';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden } from '../platform/errors';
import { agendasOf, languageCodes, languagesToMatch } from './dispatch';
import { toId } from './store';

const MINUTE = 60_000;

/**
 * How many interpreters could take a request like this one, before it is sent: the same eligibility as
 * dispatch (related languages, modality, department, gender, availability, agendas and travel buffers),
 * counted for the modality asked and for the other ones the language allows. Counts only, no names.
 * `onsite` is null without a department (the department decides who can travel there).
 */
export async function coverage(actor: Actor, query: CoverageQuery, now = new Date()) {
  if (actor.role !== 'requester' || !actor.structureId) throw forbidden();
  const language = findLanguage(query.language);
  if (!language) throw badRequest('Unknown language.', [{ field: 'language', code: 'unknown_language', message: `"${query.language}" is not an ISO 639-3 living language` }]);
  const start = query.start === 'now' ? now : new Date(query.start);
  const base = {
    id: 'coverage',
    structureId: actor.structureId,
    ...languagesToMatch(query.language),
    start,
    end: new Date(start.getTime() + query.durationMinutes * MINUTE),
    interpreterGender: query.interpreterGender,
  } satisfies Omit<RequestToMatch, 'modality'>;

  const byModality: Record<Modality, number | null> = { phone: 0, video: 0, onsite: 0 };
  for (const modality of MODALITIES) {
    if (!language.modalities.includes(modality)) continue;
    if (modality === 'onsite' && !query.department) {
      byModality.onsite = null;
      continue;
    }
    const request: RequestToMatch = { ...base, modality, ...(modality === 'onsite' ? { department: query.department } : {}) };
    const profiles = await interpreterProfilesFor(languageCodes(request), modality);
    const context = { agendas: await agendasOf(profiles.map((p) => toId(p.id))), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map() };
    byModality[modality] = findCandidates(request, profiles, context).ranked.length;
  }
  return { eligible: byModality[query.modality] ?? 0, byModality };
}
