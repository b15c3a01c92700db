// A patient reference is initials or a file number (the brief: data minimisation, no name). This rule,
// shared by the server (422) and the booking form (before sending), refuses what looks like personal
// data: a date (of birth), an e-mail address, a phone number.

/** The sentence shown when a reference is refused. */
export const PATIENT_REF_ADVICE =
  'Indiquez seulement des initiales ou un numéro de dossier (lettres, chiffres, espaces, - et .), jamais une date de naissance, une adresse e-mail ou un numéro de téléphone.';

const MONTHS = '(?:janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec)[a-zéû]*\\.?';
const DATE_PATTERNS = [
  /(?:^|\D)(\d{1,2})[ ./-](\d{1,2})[ ./-](\d{2}|\d{4})(?!\d)/, // 12/03/1985, 12.03.85, 12-3-1985
  /(?:^|\D)((?:19|20)\d{2})[ ./-](\d{1,2})[ ./-](\d{1,2})(?!\d)/, // 1985-03-12
  new RegExp(`(?:^|\\D)\\d{1,2}(?:er)? ?${MONTHS} ?(?:\\d{2}|\\d{4})(?!\\d)`, 'i'), // 12 mars 1985
  /(?:^|\D)(\d{2})(\d{2})((?:19|20)\d{2})(?!\d)/, // 12031985
  /(?:^|\D)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/, // 19850312
];

const plausibleDay = (day: number, month: number) => day >= 1 && day <= 31 && month >= 1 && month <= 12;

function looksLikeDate(value: string): boolean {
  const [dmy, ymd, named, dmyCompact, ymdCompact] = DATE_PATTERNS as [RegExp, RegExp, RegExp, RegExp, RegExp];
  const d = dmy.exec(value) ?? dmyCompact.exec(value);
  if (d && plausibleDay(Number(d[1]), Number(d[2]))) return true;
  const y = ymd.exec(value) ?? ymdCompact.exec(value);
  if (y && plausibleDay(Number(y[3]), Number(y[2]))) return true;
  return named.test(value);
}

function looksLikePhone(value: string): boolean {
  const compact = value.replace(/[ .-]/g, '');
  return /^(?:\+|00)\d{8,15}$/.test(compact) || /(?:^|\D)0[1-9]\d{8}(?!\d)/.test(compact);
}

/** Why this reference is refused (`PATIENT_REF_ADVICE`), or undefined when it is initials or a file number. */
export function patientRefProblem(value: string): string | undefined {
  if (/[@+/]/.test(value) || looksLikeDate(value) || looksLikePhone(value)) return PATIENT_REF_ADVICE;
  return undefined;
}
