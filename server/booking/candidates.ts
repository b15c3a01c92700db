import { agencyProfilesSpeaking } from '../directory/interpreters';
import { findCandidates } from '../matching';
import type { Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { agendasOf, languageCodes, notWantedBy, rankFor, toMatch } from './match-inputs';
import { findVisible } from './visibility';
import { toId } from './store';

/** Why an interpreter of the agency cannot take the request, in French, per matching's ineligibility code. */
export const WHY_NOT: Record<string, (request: ReturnType<typeof toMatch>) => string> = {
  modality: (r) => `Ne travaille pas ${r.modality === 'phone' ? 'par téléphone' : r.modality === 'video' ? 'en visioconférence' : 'sur place'}`,
  department: (r) => `N’intervient pas dans le département ${r.department ?? ''}`.trim(),
  gender: () => 'Ne correspond pas au genre demandé',
  availability: () => 'Pas de disponibilité déclarée à cette heure',
  conflict: () => 'Déjà en séance à cette heure (trajet compris)',
  inactive: () => 'Compte désactivé',
  language: () => 'Ne parle pas cette langue',
  withdrew: () => 'S’est désisté·e de cette demande',
  not_wanted: () => 'La structure ne souhaite plus travailler avec cet·te interprète',
  no_account: () => 'N’a pas encore choisi son mot de passe (invitation en attente)',
};

export const whyNot = (code: string, request: ReturnType<typeof toMatch>) => WHY_NOT[code]?.(request) ?? code;

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
  const request = toMatch(doc, await notWantedBy(doc.structureId.toString()));
  const taken = new Set(candidates.map((c) => c.interpreterId));
  const others = (await agencyProfilesSpeaking(actor.agencyId, languageCodes(request))).filter((p) => !taken.has(p.id));
  const context = { agendas: await agendasOf(others.map((p) => toId(p.id))), recentMinutes: new Map(), continuity: new Map(), agencyHourlyCents: new Map() };
  const names = new Map(others.map((p) => [p.id, p.name]));
  const unavailable = findCandidates(request, others, context).ineligible.map((no) => ({
    interpreterId: no.interpreterId,
    name: names.get(no.interpreterId) ?? '',
    reasons: no.reasons.map((code) => whyNot(code, request)),
  }));
  return { candidates, unavailable };
}
