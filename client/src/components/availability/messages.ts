import type { ValidateFunction } from 'ajv';
import { DateTime } from 'luxon';
import { availabilityProblems, EXCEPTION_YEARS_AHEAD, exceptionsTooFar, lastExceptionDate, PARIS_ZONE } from '../../../../shared/availability';
import type { FieldError } from '../../api';
import { check } from '../../validation';
import { placeOf, type BuiltBody, type Place } from './form';

// The editor's errors in French, by form place: the same schema and coherence rules as the server
// (shared/), checked before sending; the server's own refusals are placed the same way.

const longDate = (date: string) => DateTime.fromISO(date, { zone: PARIS_ZONE }).setLocale('fr').toFormat('d LLLL yyyy');

/** The French for a refusal code of the shared rules or the server's checks. */
function byCode(code: string, today: string): string | undefined {
  switch (code) {
    case 'empty_range': return 'La fin doit être après le début.';
    case 'overlap': return 'Ce créneau chevauche un autre créneau du même jour.';
    case 'duplicate_date': return 'Cette date est déjà prise par une autre absence ou d’autres horaires.';
    case 'nonexistent_time': return 'Cette heure n’existe pas ce jour-là : à 2 h, les horloges passent à 3 h (heure d’été).';
    case 'too_far': return `Au plus ${EXCEPTION_YEARS_AHEAD} ans à l’avance, soit jusqu’au ${longDate(lastExceptionDate(today))}.`;
    case 'required': return 'Cochez au moins un département : l’intervention sur place en a besoin.';
    default: return undefined;
  }
}

/** A clearer sentence than the generic one, for the fields whose format is not obvious. */
function byField(field: string, generic: string): string {
  if (/\.(from|to)$/.test(field)) return 'Heure attendue, par exemple 09:00 ou 14h30 (24:00 pour minuit).';
  if (/^exceptions\.\d+\.date$/.test(field)) return 'Date invalide.';
  if (/^exceptions\.\d+\.slots$/.test(field)) return 'Au plus 10 créneaux pour une date.';
  if (field === 'exceptions') return 'Au plus 400 dates d’absence ou d’horaires particuliers en tout : raccourcissez une absence.';
  if (field === 'availability') return 'Au plus 50 créneaux dans la semaine.';
  if (/^departments\.\d+$/.test(field)) return 'Département inconnu : un numéro comme 69, 2A ou 974.';
  if (field === 'phone') return 'Numéro invalide : des chiffres, espaces, points ou tirets, avec + au début si besoin.';
  if (field === 'videoLink') return 'Une adresse qui commence par https://';
  return generic;
}

function add(errors: Record<Place, string>, place: Place, message: string) {
  errors[place] ??= message;
}

/**
 * What the server would refuse in this body, in French, by form place: the form's own errors, the
 * schema (compiled at build time from shared/schemas), then the shared coherence rules and the
 * two-year horizon; `onsite` when the interpreter works on site (a department is then required).
 */
export function problemsOf(validate: ValidateFunction, built: BuiltBody, today: string, onsite: boolean): Record<Place, string> {
  const errors: Record<Place, string> = { ...built.formErrors };
  const bySchema = check(validate, built.body);
  for (const [field, message] of Object.entries(bySchema)) add(errors, placeOf(field, built.places), byField(field, message));
  // The form always builds whole slots and dates, so the rules can run beside the schema: every error shows at once.
  const { body } = built;
  for (const problem of [...availabilityProblems(body), ...exceptionsTooFar(body.exceptions, today)]) {
    add(errors, placeOf(problem.field, built.places), byCode(problem.code, today)!);
  }
  if (onsite && body.departments?.length === 0) add(errors, 'departments', byCode('required', today)!);
  return errors;
}

/** The server's 400 or 422 details, placed and said as problemsOf says them. */
export function serverProblems(details: FieldError[], built: BuiltBody, today: string): Record<Place, string> {
  const errors: Record<Place, string> = {};
  for (const detail of details) {
    const message = byCode(detail.code, today) ?? byField(detail.field, detail.code === 'unknown_field' ? 'Champ non accepté.' : 'Valeur refusée par le serveur.');
    add(errors, placeOf(detail.field, built.places), message);
  }
  return errors;
}
