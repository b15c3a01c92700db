// How text is compared when accents and case must not matter ("helene" finds "Hélène", "Hopital" is
// "hôpital"): one definition for searches, imports and duplicate checks, on the server and the client.

/** Without accents (Unicode canonical decomposition, diacritics removed), in lower case. */
export const foldAccents = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** As foldAccents, keeping letters and digits only: a key for "the same name" (headers, structure names). */
export const foldKey = (text: string): string => foldAccents(text).replace(/[^a-z0-9]/g, '');
