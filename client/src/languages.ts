import { get, query } from './api';

export interface Language {
  code: string;
  name: string;
  modalities: string[];
  signLanguage?: boolean;
}

// Names of the languages seen so far: the common ones are loaded once, searches add the rest.
const known = new Map<string, Language>();
let common: Promise<void> | undefined;
const displayNames = new Intl.DisplayNames(['fr'], { type: 'language', fallback: 'code' });

function remember(list: Language[]): Language[] {
  for (const language of list) known.set(language.code, language);
  return list;
}

export function loadCommonLanguages(): Promise<void> {
  common ??= get<Language[]>('/api/languages?limit=120').then(remember).then(() => undefined, () => { common = undefined; });
  return common;
}

/** The server's search: French or English name, accents and case optional, or the ISO code. */
export async function searchLanguages(text: string, signal?: AbortSignal): Promise<Language[]> {
  const res = await fetch(`/api/languages${query({ q: text, limit: 8 })}`, { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) return [];
  return remember((await res.json()) as Language[]);
}

export function languageName(code: string): string {
  return known.get(code)?.name ?? capitalise(displayNames.of(code) ?? code);
}
export function languageOf(code: string): Language | undefined {
  return known.get(code);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
