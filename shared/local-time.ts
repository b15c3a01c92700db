import { DateTime } from 'luxon';
import { PARIS_ZONE } from './paris-time';
import { zoneLabel } from './regions';

/** " (heure de La Réunion)" after a time of a zone that is not Paris's; nothing for Paris time, which every reader assumes. */
export const zoneNote = (zone: string) => (zone === PARIS_ZONE ? '' : ` (${zoneLabel(zone)})`);

/** An instant as mails and pages write it in a zone, the zone named when it is not Paris: "lundi 20 décembre 2027 à 10h00 (heure de La Réunion)". */
export function dateTimeIn(at: Date | string, zone: string, format = "cccc d LLLL yyyy 'à' HH'h'mm"): string {
  const local = (typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at)).setZone(zone).setLocale('fr');
  return `${local.toFormat(format)}${zoneNote(zone)}`;
}
