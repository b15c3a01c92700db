import { duration } from '../../shared/durations';
import { SPECIALTIES } from '../../shared/enums';
import type { InterpreterProfile, MatchingContext, RankedCandidate, RequestToMatch } from './types';

/**
 * Score weights, strongest first. Each tier outweighs every tier below it combined (2000 > 1000+5*100+50+20+10,
 * 1000 > 5*100+50+20+10, 100 > 50+20+10, 50 > 20+10); fairness and cost, both on a sliding scale, trade
 * off against each other.
 */
export const WEIGHTS = {
  /**
   * The interpreter speaks the very language asked for; `languageFamily`: its macrolanguage or a member
   * of it (an interpreter of Arabic for Egyptian Arabic). A sibling variety (Dari for Iranian Persian)
   * gets neither, so it is offered only after both. Each outweighs all the tiers below combined.
   */
  languageExact: 4000,
  languageFamily: 2000,
  /** The requester asked for this person (same as before, or the series' first interpreter). */
  preferred: 1000,
  /** Per earlier session with the same patient or series: a known face beats any skill match. */
  continuityPerSession: 100,
  /** Beyond this many sessions the patient already knows them; more does not make them more known. */
  continuityMaxSessions: 5,
  /** Trained for the field (mental health, perinatal…), but never at the cost of continuity. */
  specialty: 50,
  /** Full weight to the least busy over the recent period, none to the busiest: spread the work. */
  fairness: 20,
  /** Full weight to the cheapest agency, none to the dearest; unknown cost gets half (neutral). */
  cost: 10,
} as const;

const SPECIALTY_NAMES = new Map<string, string>(SPECIALTIES.map((s) => [s.code, s.name.charAt(0).toLowerCase() + s.name.slice(1)]));

/** Eligible profiles, best first, each with a score and the reasons a dispatcher reads (in French). */
export function rankCandidates(eligible: InterpreterProfile[], request: RequestToMatch, context: MatchingContext): RankedCandidate[] {
  const n = eligible.length;
  // Per-candidate facts in flat arrays: one map lookup each, and sorting never touches the profiles.
  const minutes = new Float64Array(n);
  const costs = new Float64Array(n);
  const sessions = new Float64Array(n);
  const scores = new Float64Array(n);
  let maxMinutes = 0;
  let totalMinutes = 0;
  let minCost = Infinity;
  let maxCost = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const profile = eligible[i]!;
    const worked = context.recentMinutes.get(profile.id) ?? 0;
    minutes[i] = worked;
    totalMinutes += worked;
    if (worked > maxMinutes) maxMinutes = worked;
    const cost = context.agencyHourlyCents.get(profile.agencyId) ?? NaN;
    costs[i] = cost;
    if (cost < minCost) minCost = cost;
    if (cost > maxCost) maxCost = cost;
    sessions[i] = context.continuity.get(profile.id) ?? 0;
  }
  const meanMinutes = n > 0 ? totalMinutes / n : 0;
  const costSpread = maxCost - minCost;
  const specialty = request.specialty;
  const specialtyName = specialty ? (SPECIALTY_NAMES.get(specialty) ?? specialty) : undefined;

  const hasSpecialty = new Uint8Array(n);
  // How each candidate speaks the language: the exact code, else the closest related one they have.
  const closeness = { macrolanguage: 1, member: 1, sibling: 2 } as const;
  const spoken = eligible.map((profile) => {
    if (profile.languages.includes(request.language)) return undefined;
    let best: NonNullable<RequestToMatch['relatedLanguages']>[number] | undefined;
    for (const related of request.relatedLanguages ?? []) {
      if (profile.languages.includes(related.code) && (!best || closeness[related.relation] < closeness[best.relation])) best = related;
    }
    return best;
  });
  for (let i = 0; i < n; i += 1) {
    const profile = eligible[i]!;
    const related = spoken[i];
    let score = related === undefined ? WEIGHTS.languageExact : related.relation === 'sibling' ? 0 : WEIGHTS.languageFamily;
    if (request.preferredInterpreterId === profile.id) score += WEIGHTS.preferred;
    score += WEIGHTS.continuityPerSession * Math.min(sessions[i]!, WEIGHTS.continuityMaxSessions);
    if (specialty && profile.specialties.includes(specialty)) {
      hasSpecialty[i] = 1;
      score += WEIGHTS.specialty;
    }
    score += maxMinutes > 0 ? WEIGHTS.fairness * (1 - minutes[i]! / maxMinutes) : WEIGHTS.fairness;
    const cost = costs[i]!;
    score += Number.isNaN(cost) || !(costSpread > 0) ? WEIGHTS.cost / 2 : (WEIGHTS.cost * (maxCost - cost)) / costSpread;
    // Rounded so that float noise never decides an order the id tie-break should.
    scores[i] = Math.round(score * 100) / 100;
  }

  const order = bestFirst(scores, eligible);

  const preferredReason = request.seriesId ? 'Interprète de la première séance de la série' : 'Même interprète que la séance précédente';
  const specialtyReason = `Spécialité : ${specialtyName}`;
  const missingSpecialtyReason = `Sans la spécialité demandée (${specialtyName})`;
  const ranked = new Array<RankedCandidate>(n);
  for (let k = 0; k < n; k += 1) {
    const i = order[k]!;
    const profile = eligible[i]!;
    const reasons: string[] = [];
    const related = spoken[i];
    if (related !== undefined) reasons.push(`${related.name} : demande en ${request.languageName ?? request.language}`);
    if (request.preferredInterpreterId === profile.id) reasons.push(preferredReason);
    const count = sessions[i]!;
    if (count > 0) reasons.push(`A déjà suivi ce patient (${count} séance${count > 1 ? 's' : ''})`);
    if (specialtyName !== undefined) reasons.push(hasSpecialty[i] ? specialtyReason : missingSpecialtyReason);
    if (minutes[i]! < meanMinutes) reasons.push(`Moins sollicité·e ce mois-ci : ${duration(minutes[i]!)}`);
    if (costs[i] === minCost && costSpread > 0) reasons.push("Tarif d'agence le plus bas");
    ranked[k] = { interpreterId: profile.id, name: profile.name, agencyId: profile.agencyId, score: scores[i]!, reasons };
  }
  return ranked;
}

/**
 * Candidate positions by descending score, ties by ascending id. Scores are multiples of 0.01, so each
 * (score, position) pair packs into one exact double and a native numeric sort does the bulk of the work.
 */
function bestFirst(scores: Float64Array, eligible: InterpreterProfile[]): Uint32Array {
  const n = scores.length;
  let top = 0;
  for (let i = 0; i < n; i += 1) if (scores[i]! > top) top = scores[i]!;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) keys[i] = Math.round((top - scores[i]!) * 100) * POSITIONS + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k += 1) order[k] = keys[k]! % POSITIONS;
  // Equal scores sit together, in input order: put each such run in id order.
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end += 1;
    if (end - start > 1) order.subarray(start, end).sort((a, b) => compareIds(eligible[a]!.id, eligible[b]!.id));
    start = end;
  }
  return order;
}

/** Room for the position under the score in a packed sort key (2^23 candidates, far beyond any pool). */
const POSITIONS = 2 ** 23;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
