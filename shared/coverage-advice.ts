import { MODALITIES, type Modality } from './enums';
import { dateTimeIn } from './local-time';
import { PARIS_ZONE } from './paris-time';

/** What would work instead of a request nobody can take (counts only), as the API shows it. */
export interface AlternativesView {
  /** How many interpreters it was offered to who did not take it (absent when none). */
  offeredTo?: number;
  /** At the same time, per modality, not counting those it was offered to; null when it cannot be counted (on site without a department). */
  byModality: Partial<Record<Modality, number | null>>;
  /** Later starts (ISO, UTC) of the same request with somebody eligible, soonest first. */
  times: Array<{ start: string; eligible: number }>;
}

const MODALITY_PHRASE: Record<Modality, string> = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' };
const interpreters = (n: number) => `${n} interprète${n > 1 ? 's' : ''}`;
const when = (iso: string, zone: string) => dateTimeIn(iso, zone, "cccc d LLLL 'à' HH'h'mm");

/**
 * The requester's advice, in plain French, for a request nobody can take: who it was offered to, the other
 * modalities that have other interpreters at the same time, then the later times that do; shown by the
 * client and written in mails. `givenUp`: the request is unfilled, nobody is searching any more; `zone`:
 * the request's, in which the later times are written.
 */
export function coverageAdvice(modality: Modality, alternatives: AlternativesView | undefined, givenUp = false, zone = PARIS_ZONE): string {
  const offeredTo = alternatives?.offeredTo ?? 0;
  const options = alternativeOptions(modality, alternatives, zone);
  const head = offeredTo > 0
    ? `Cette demande ${MODALITY_PHRASE[modality]} a été proposée à ${interpreters(offeredTo)} : ${offeredTo > 1 ? 'aucun·e n’a pu l’accepter' : 'il ou elle n’a pas pu l’accepter'} à temps.`
    : `Aucun·e interprète ne peut assurer cette demande ${MODALITY_PHRASE[modality]} à cette heure-là.`;
  // Given up, the search is over: the requester books again rather than waits for the agencies.
  if (options.length === 0) return `${head} Aucune autre modalité ni aucun autre horaire dans les 7 jours ne convient${givenUp ? '.' : ' : toutes les agences sont prévenues et cherchent une solution.'}`;
  return `${head} Possible : ${options.join(' ; ou ')}. ${givenUp ? 'Vous pouvez faire une nouvelle demande.' : 'Toutes les agences sont prévenues.'}`;
}

/** What would work instead, each option in words: the other modalities at the same time, then the later times. */
export function alternativeOptions(modality: Modality, alternatives: AlternativesView | undefined, zone = PARIS_ZONE): string[] {
  // Those it was offered to are not counted at the same time: the ones named there are other people.
  const sameTime = (n: number) => ((alternatives?.offeredTo ?? 0) > 0 ? `${n} autre${n > 1 ? 's' : ''} interprète${n > 1 ? 's' : ''}` : interpreters(n));
  const others = MODALITIES.filter((m) => m !== modality && (alternatives?.byModality[m] ?? 0) > 0)
    .map((m) => `${MODALITY_PHRASE[m]} (${sameTime(alternatives!.byModality[m]!)})`);
  const later = (alternatives?.times ?? []).map((t) => `le ${when(t.start, zone)} (${interpreters(t.eligible)})`);
  return [
    ...(others.length > 0 ? [`au même moment, ${others.join(' ou ')}`] : []),
    ...(later.length > 0 ? [`${MODALITY_PHRASE[modality]}, ${later.join(', ')}`] : []),
  ];
}
