import type { Filter } from './store';
import { foldAccents } from '../../shared/fold';

// A list's `q`: part of a name (or another field), whatever the case and the accents typed or stored.

const ACCENTED: Record<string, string> = {
  a: 'aàâä', c: 'cç', e: 'eéèêë', i: 'iîï', o: 'oôö', u: 'uùûü', y: 'yÿ',
};

/** `q` as a case-insensitive pattern where each letter also matches its accented forms ("helene" finds "Hélène"). */
export function textPattern(q: string): RegExp {
  const folded = foldAccents(q.trim());
  const source = [...folded]
    .map((char) => (ACCENTED[char] ? `[${ACCENTED[char]}]` : char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(source, 'i');
}

/** The filter finding `q` in any of these fields; none when `q` is empty. */
export function textFilter(q: string | undefined, fields: readonly string[]): Filter {
  if (!q?.trim()) return {};
  const pattern = textPattern(q);
  return { $or: fields.map((field) => ({ [field]: pattern })) };
}
