import { PARIS_ZONE } from '../../shared/availability';
import type { Modality } from '../../shared/enums';
import { zoneLabel } from '../../shared/regions';

// How the simulated interpreters answer offers: the assumptions behind the simulator's fill rate and
// times, in one table. Nothing here is measured on the platform yet (it has no year of offers); each
// value says where it comes from, and every run states them in its output.

export interface Behaviour {
  /** Local hours [from, to) (the region's zone) in which interpreters read offers of booked requests; one arriving outside waits for the next morning. */
  readingHours: { from: number; to: number };
  /** Chance that an eligible interpreter has the app open or a device subscribed to Web Push when a "now" call comes. */
  nowReachable: number;
  /** "Now" call: chances of accepting and of declining (else let pass), median and spread (log-normal sigma) of the seconds to answer. */
  now: { accept: number; decline: number; medianSeconds: number; sigma: number; unreachableAccept: number };
  /** Booked request, by modality: chances of accepting and of declining (else let lapse), median minutes to answer. */
  booked: Record<Modality, { accept: number; decline: number; medianMinutes: number }>;
  /** Log-normal spread of the minutes to answer a booked offer. */
  bookedSigma: number;
  /** Hours booked in the week of the session: acceptance is as above up to `comfortable`, then falls linearly to none at `full`. */
  weekHours: { comfortable: number; full: number };
  /** Chance that a requester told nobody can come on site (the booking form's count) books the same session by video instead. */
  onsiteToVideo: number;
  /** Dispatchers, alerted by an uncovered or at-risk request: chance that a phone call finds an eligible interpreter to assign, and the minutes it takes (office hours, local). */
  dispatcher: { success: number; minutes: number; hours: { from: number; to: number } };
  /** Weeks of holiday and single sick days a year, drawn per interpreter (the matching sees them as absences). */
  holidayWeeks: number;
  sickDays: number;
}

export const BEHAVIOUR: Readonly<Behaviour> = {
  readingHours: { from: 8, to: 20 },
  nowReachable: 0.8,
  now: { accept: 0.85, decline: 0.1, medianSeconds: 30, sigma: 0.6, unreachableAccept: 0.1 },
  booked: {
    phone: { accept: 0.9, decline: 0.07, medianMinutes: 20 },
    video: { accept: 0.9, decline: 0.07, medianMinutes: 30 },
    onsite: { accept: 0.85, decline: 0.12, medianMinutes: 60 },
  },
  bookedSigma: 1,
  weekHours: { comfortable: 15, full: 35 },
  onsiteToVideo: 0.1,
  dispatcher: { success: 0.75, minutes: 30, hours: { from: 9, to: 18 } },
  holidayWeeks: 5,
  sickDays: 8,
};

/**
 * Each assumption in one sentence, with its source, as the output states them (French for the page,
 * English for the terminal). `zone`: the region's IANA zone, whose hours these are (Paris by default).
 */
export function assumptions(b: Readonly<Behaviour>, zone = PARIS_ZONE): Array<{ key: string; en: string; fr: string }> {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const [zoneEn, zoneFr] = [zone === PARIS_ZONE ? 'Paris' : zone, zoneLabel(zone)];
  const booked = (m: Modality, label: string) => `${label} ${pct(b.booked[m].accept)} (${b.booked[m].medianMinutes} min)`;
  return [
    { key: 'readingHours', en: `interpreters read booked offers from ${b.readingHours.from}:00 to ${b.readingHours.to}:00 (${zoneEn}); later ones wait for the morning`,
      fr: `les interprètes lisent les propositions de ${b.readingHours.from} h à ${b.readingHours.to} h (${zoneFr}) ; les autres attendent le matin` },
    { key: 'nowReachable', en: `${pct(b.nowReachable)} of eligible interpreters are online or have Web Push when a "now" call comes (agencies' duty rosters)`,
      fr: `${pct(b.nowReachable)} des interprètes possibles sont joignables (en ligne ou notifications) lors d’un appel immédiat` },
    { key: 'now', en: `a reachable interpreter accepts a "now" call ${pct(b.now.accept)} of the time, in ${b.now.medianSeconds} s median (public tenders ask for 30 s); an unreachable one ${pct(b.now.unreachableAccept)}`,
      fr: `un·e interprète joignable accepte un appel immédiat ${pct(b.now.accept)} du temps, en ${b.now.medianSeconds} s (médiane ; les marchés publics demandent 30 s)` },
    { key: 'booked', en: `booked offers accepted: ${booked('phone', 'phone')}, ${booked('video', 'video')}, ${booked('onsite', 'on site')}; declined ${pct(b.booked.phone.decline)}-${pct(b.booked.onsite.decline)}, else left to lapse`,
      fr: `propositions acceptées : ${booked('phone', 'téléphone')}, ${booked('video', 'visio')}, ${booked('onsite', 'sur place')} ; refusées ${pct(b.booked.phone.decline)} à ${pct(b.booked.onsite.decline)}, sinon laissées sans réponse` },
    { key: 'weekHours', en: `past ${b.weekHours.comfortable} h booked in the week, acceptance falls, to none at ${b.weekHours.full} h`,
      fr: `au-delà de ${b.weekHours.comfortable} h prises dans la semaine, l’acceptation baisse, jusqu’à aucune à ${b.weekHours.full} h` },
    { key: 'onsiteToVideo', en: `${pct(b.onsiteToVideo)} of requesters told nobody can come on site book the session by video instead (the booking form counts who could come)`,
      fr: `${pct(b.onsiteToVideo)} des demandeurs à qui le formulaire annonce personne sur place réservent en visio` },
    { key: 'dispatcher', en: `alerted by an uncovered or at-risk request, a dispatcher finds an eligible interpreter by phone ${pct(b.dispatcher.success)} of the time (on site, one from another department who agrees to travel if need be, the dispatcher adding that department to their profile), in ${b.dispatcher.minutes} min (${b.dispatcher.hours.from}:00-${b.dispatcher.hours.to}:00)`,
      fr: `alerté·e par une demande sans interprète ou à risque, un·e régulateur·rice trouve par téléphone un·e interprète ${pct(b.dispatcher.success)} du temps (sur place, d’un autre département s’il le faut), en ${b.dispatcher.minutes} min (${b.dispatcher.hours.from} h-${b.dispatcher.hours.to} h)` },
    { key: 'absences', en: `${b.holidayWeeks} weeks of holiday and ${b.sickDays} sick days a year per interpreter (French paid leave; average sick leave)`,
      fr: `${b.holidayWeeks} semaines de congés et ${b.sickDays} jours d’arrêt par an et par interprète` },
  ];
}
