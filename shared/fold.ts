// How text is compared when accents and case must not matter ("helene" finds "Hélène", "Hopital" is
// "hôpital", "coeur" is "Cœur"): one definition for searches, imports and duplicate checks, on the
// server and the client.

/** The ligatures French writes that Unicode does not decompose, spelt out as a French keyboard types them. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae' };

/** Without accents (Unicode canonical decomposition, diacritics removed), in lower case, œ and æ spelt out. */
export const foldAccents = (text: string): string =>
  text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[œæ]/g, (ligature) => LIGATURES[ligature]!);

/** As foldAccents, keeping letters and digits only: a key for "the same name" (headers, structure names). */
export const foldKey = (text: string): string => foldAccents(text).replace(/[^a-z0-9]/g, '');
