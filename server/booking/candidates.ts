import { DateTime } from 'luxon';
import { bookedSlot } from '../../shared/exchange';
import { agencyProfilesSpeaking } from '../directory/interpreters';
import { findCandidates } from '../matching';
import { absenceCovering, daySpans } from '../matching/availability';
import type { InterpreterProfile, RequestToMatch } from '../matching/types';
import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { holdsOn, sessionDate } from '../matching/eligibility';
import { agendasOf, languageCodes, rankFor, requestToMatch } from './match-inputs';
import { findVisible } from './visibility';
import { toId } from './store';

type Profile = Pick<InterpreterProfile, 'gender' | 'exceptions' | 'timeZone' | 'qualifications'>;

/** Why an interpreter of the agency cannot take the request, in French, per matching's ineligibility code. */
export const WHY_NOT: Record<string, (request: RequestToMatch, profile?: Profile) => string> = {
  modality: (r) => `Ne travaille pas ${r.modality === 'phone' ? 'par téléphone' : r.modality === 'video' ? 'en visioconférence' : 'sur place'}`,
  department: (r) => `N’intervient pas dans le département ${r.department ?? ''}`.trim(),
  gender: () => 'Ne correspond pas au genre demandé',
  availability: (r, p) => (p && absence(r, p)) ?? 'Pas de disponibilité déclarée à cette heure',
  conflict: () => 'Déjà en séance à cette heure',
  travel: () => 'Une séance sur place juste avant ou après : pas le temps du trajet',
  inactive: () => 'Compte désactivé',
  language: () => 'Ne parle pas cette langue',
  withdrew: () => 'S’est désisté·e de cette demande',
  not_wanted: () => 'La structure ne souhaite plus travailler avec cet·te interprète',
  no_account: () => 'N’a pas encore choisi son mot de passe (invitation en attente)',
  knows_patient: () => 'Connaît la personne',
  qualification: (r, p) => (p && lacking(r, p)) || 'Qualification requise manquante',
};

export const whyNot = (code: string, request: RequestToMatch, profile?: Profile) => WHY_NOT[code]?.(request, profile) ?? code;

/**
 * "Formation santé mentale expirée le 3 mars 2026", "Diplôme d’État … manquant": each qualification the
 * request requires that the profile does not hold valid on the session's date (in the request's zone),
 * joined by " ; ". One held but expired says when; one absent, or obtained after the session, is missing.
 */
function lacking(request: RequestToMatch, profile: Profile): string {
  const date = sessionDate(request);
  return (request.requiredQualifications ?? []).flatMap((required) => {
    if (holdsOn(profile.qualifications, required.code, date)) return [];
    const feminine = required.grammaticalGender !== 'masculine';
    const held = profile.qualifications?.find((q) => q.code === required.code);
    if (held?.validUntil !== undefined && held.validUntil < date) return [`${required.name} ${feminine ? 'expirée' : 'expiré'} ${dayRange(held.validUntil, held.validUntil)} ${held.validUntil.slice(0, 4)}`];
    return [`${required.name} ${feminine ? 'manquante' : 'manquant'}`];
  }).join(' ; ');
}

/** "Absente du 14 au 18 décembre": the declared absence the request falls in, if it does. */
function absence(request: RequestToMatch, profile: Profile): string | undefined {
  const slot = bookedSlot(request);
  const days = absenceCovering(profile.exceptions, daySpans(slot.start, slot.end, profile.timeZone));
  if (!days) return undefined;
  const word = profile.gender === 'female' ? 'Absente' : profile.gender === 'male' ? 'Absent' : 'Absent·e';
  return `${word} ${dayRange(days.from, days.to)}`;
}

/** "le 15 décembre", "du 14 au 18 décembre", "du 28 décembre 2026 au 3 janvier 2027". */
export function dayRange(from: string, to: string): string {
  const [first, last] = [from, to].map((date) => DateTime.fromISO(date).setLocale('fr'));
  const day = (d: DateTime) => (d.day === 1 ? '1er' : String(d.day));
  const full = (d: DateTime, withYear: boolean) => `${day(d)} ${d.toFormat('LLLL')}${withYear ? ` ${d.year}` : ''}`;
  if (from === to) return `le ${full(first!, false)}`;
  if (first!.year !== last!.year) return `du ${full(first!, true)} au ${full(last!, true)}`;
  if (first!.month !== last!.month) return `du ${full(first!, false)} au ${full(last!, false)}`;
  return `du ${day(first!)} au ${full(last!, false)}`;
}

/**
 * The dispatcher's view of a request: their agency's eligible interpreters, best first, each with its
 * reasons, and the agency's other interpreters of the language with why they cannot take it (so that an
 * uncovered request shows what to change: a missing availability, a department). Dispatchers see a
 * request of their agency, or any uncovered one. Errors: 403 for anyone else, 404 for a request not visible.
 */
export async function candidatesForDispatcher(actor: Actor, requestId: string, now = new Date()) {
  if (actor.role !== 'dispatcher' || !actor.agencyId) throw forbidden();
  const { doc } = await findVisible(actor, requestId);
  const { ranked } = await rankFor(doc, now);
  const candidates = ranked.filter((c) => c.agencyId === actor.agencyId);
  const request = await requestToMatch(doc);
  const taken = new Set(candidates.map((c) => c.interpreterId));
  const others = (await agencyProfilesSpeaking(actor.agencyId, languageCodes(request))).filter((p) => !taken.has(p.id));
  const context = { agendas: await agendasOf(others.map((p) => toId(p.id))), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map() };
  const byId = new Map(others.map((p) => [p.id, p]));
  const unavailable = findCandidates(request, others, context).ineligible.map((no) => ({
    interpreterId: no.interpreterId,
    name: byId.get(no.interpreterId)?.name ?? '',
    reasons: no.reasons.map((code) => whyNot(code, request, byId.get(no.interpreterId))),
  }));
  return { candidates, unavailable };
}
