import { DateTime } from 'luxon';
import { MODALITIES, type Modality } from './enums';

/** What would work instead of a request nobody can take (counts only), as the API shows it. */
export interface AlternativesView {
  /** At the same time, per modality; null when it cannot be counted (on site without a department). */
  byModality: Partial<Record<Modality, number | null>>;
  /** Later starts (ISO, UTC) of the same request with somebody eligible, soonest first. */
  times: Array<{ start: string; eligible: number }>;
}

const MODALITY_PHRASE: Record<Modality, string> = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' };
const interpreters = (n: number) => `${n} interprète${n > 1 ? 's' : ''}`;
const when = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).setLocale('fr').toFormat("cccc d LLLL 'à' HH'h'mm");

/**
 * The requester's advice, in plain French, for a request nobody can take: the other modalities that
 * have interpreters at the same time, then the later times that do; shown by the client and written in mails.
 */
export function coverageAdvice(modality: Modality, alternatives: AlternativesView | undefined): string {
  const options = alternativeOptions(modality, alternatives);
  const head = `Aucun·e interprète ne peut assurer cette demande ${MODALITY_PHRASE[modality]} à cette heure-là.`;
  if (options.length === 0) return `${head} Aucune autre modalité ni aucun autre horaire dans les 7 jours ne convient : toutes les agences sont prévenues et cherchent une solution.`;
  return `${head} Possible : ${options.join(' ; ou ')}. Toutes les agences sont prévenues.`;
}

/** What would work instead, each option in words: the other modalities at the same time, then the later times. */
export function alternativeOptions(modality: Modality, alternatives: AlternativesView | undefined): string[] {
  const others = MODALITIES.filter((m) => m !== modality && (alternatives?.byModality[m] ?? 0) > 0)
    .map((m) => `${MODALITY_PHRASE[m]} (${interpreters(alternatives!.byModality[m]!)})`);
  const later = (alternatives?.times ?? []).map((t) => `le ${when(t.start)} (${interpreters(t.eligible)})`);
  return [
    ...(others.length > 0 ? [`au même moment, ${others.join(' ou ')}`] : []),
    ...(later.length > 0 ? [`${MODALITY_PHRASE[modality]}, ${later.join(', ')}`] : []),
  ];
}
