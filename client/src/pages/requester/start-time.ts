import { DateTime } from 'luxon';
import type { WallClockReading } from '../../../../shared/paris-time';
import { seriesOccurrences, type Every } from '../../../../shared/series';
import { skippedTimeMessage, ZONE } from '../../format';

/** The start the booking form means, with how the clocks of the structure's zone read the time typed. */
export interface StartChoice {
  /** 'now' or an ISO instant; undefined while there is none (unreadable, skipped, or which of two not chosen). */
  start?: string | undefined;
  reading?: WallClockReading;
  /** The date typed, "YYYY-MM-DD". */
  date?: string;
}

/** What is wrong with the start typed, in the requester's words; undefined when it names one instant. */
export function startProblem(choice: StartChoice): string | undefined {
  if (choice.reading?.kind === 'skipped') return skippedTimeMessage(choice.date!, choice.reading.firstAfter);
  if (choice.reading?.kind === 'twice' && !choice.start) return 'Choisissez laquelle : heure d’été ou heure d’hiver.';
  return undefined;
}

/** A series whose sessions fall on a time the clocks skip: which, in words (the server refuses it too). */
export function seriesProblem(start: string, every: Every, count: number, zone: string = ZONE): string | undefined {
  if (!Number.isInteger(count) || count < 2 || count > 52) return undefined;
  const skipped = seriesOccurrences(new Date(start), every, count, zone).filter((o) => !o.start);
  if (skipped.length === 0) return undefined;
  const which = skipped.map((o) => `la séance ${o.occurrence} (${DateTime.fromISO(o.date, { zone: ZONE }).setLocale('fr').toFormat('cccc d LLLL yyyy')})`).join(', ');
  return `${skipped.length === 1 ? 'Une séance tomberait' : 'Des séances tomberaient'} à ${skipped[0]!.clock.replace(':', 'h')}, heure qui n’existe pas ce jour-là (passage à l’heure d’été) : ${which}. Choisissez une autre heure.`;
}
