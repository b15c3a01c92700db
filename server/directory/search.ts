import type { Filter } from './store';
import { foldAccents } from '../../shared/fold';

// A list's `q`: part of a name (or another field), whatever the case and the accents typed or stored.
// The database compares stored text as it is, so the folded query becomes a pattern that matches every
// spelling foldAccents folds to it.

const ACCENTED: Record<string, string> = {
  a: '[aàâä]', c: '[cç]', e: '[eéèêë]', i: '[iîï]', o: '[oôö]', u: '[uùûü]', y: '[yÿ]',
};
/** Folded pairs that a stored ligature also gives ("coeur" finds "Cœur"). */
const LIGATURES: Record<string, string> = { oe: 'œ', ae: 'æ' };

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const letter = (char: string) => ACCENTED[char] ?? escape(char);

/** `q` as a case-insensitive pattern matching every text that folds to the same ("helene" finds "Hélène", "coeur" finds "Cœur"). */
export function textPattern(q: string): RegExp {
  const folded = [...foldAccents(q.trim())];
  let source = '';
  for (let i = 0; i < folded.length; i++) {
    const ligature = LIGATURES[`${folded[i]}${folded[i + 1] ?? ''}`];
    if (ligature) {
      source += `(?:${letter(folded[i]!)}${letter(folded[i + 1]!)}|${ligature})`;
      i++;
    } else {
      source += letter(folded[i]!);
    }
  }
  return new RegExp(source, 'i');
}

/** The filter finding `q` in any of these fields; none when `q` is empty. */
export function textFilter(q: string | undefined, fields: readonly string[]): Filter {
  if (!q?.trim()) return {};
  const pattern = textPattern(q);
  return { $or: fields.map((field) => ({ [field]: pattern })) };
}
