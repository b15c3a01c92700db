import { foldAccents } from '../../shared/fold';
import { get, query } from './api';

export interface Language {
  code: string;
  name: string;
  /** Other French names people use ("darija", "farsi"). */
  otherNames?: string[];
  modalities: string[];
  signLanguage?: boolean;
}

// Names of the languages seen so far: those the platform's interpreters speak are loaded once (a few
// dozen, not the 7,000 of ISO 639-3), searches add the rest.
const known = new Map<string, Language>();
let inUse: Promise<void> | undefined;
const displayNames = new Intl.DisplayNames(['fr'], { type: 'language', fallback: 'code' });

function remember(list: Language[]): Language[] {
  for (const language of list) known.set(language.code, language);
  return list;
}

/** The languages active interpreters speak, by French name: what people book. */
export function languagesInUse(): Promise<Language[]> {
  return get<Language[]>('/api/languages?inUse=true').then(remember);
}

export function loadLanguagesInUse(): Promise<void> {
  inUse ??= languagesInUse().then(() => undefined, () => { inUse = undefined; });
  return inUse;
}

/** The server's search: French names (usual ones too), English name, accents and case optional, or the ISO code; `inUse`: among the languages in use only. */
export async function searchLanguages(text: string, signal?: AbortSignal, inUse = false): Promise<Language[]> {
  const res = await fetch(`/api/languages${query({ q: text, limit: 8, inUse: inUse ? 'true' : undefined })}`, { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) return [];
  return remember((await res.json()) as Language[]);
}

export function languageName(code: string): string {
  return known.get(code)?.name ?? capitalise(displayNames.of(code) ?? code);
}
export function languageOf(code: string): Language | undefined {
  return known.get(code);
}

/** Every name of a language, folded as searches compare them: for filtering a list on the page. */
export function languageSearchText(code: string): string {
  return foldAccents([languageName(code), ...(known.get(code)?.otherNames ?? [])].join(' '));
}

/** The other name that `text` was found by, when the language's own name does not contain it ("darija" for Arabe marocain). */
export function matchedOtherName(language: Language, text: string): string | undefined {
  const wanted = foldAccents(text.trim());
  if (!wanted || foldAccents(language.name).includes(wanted)) return undefined;
  return language.otherNames?.find((name) => foldAccents(name).includes(wanted));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
