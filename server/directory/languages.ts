import { createRequire } from 'node:module';
import { iso6393 } from 'iso-639-3';
import { MODALITIES, SPECIALTIES, type Modality } from '../../shared/enums';
import { foldAccents } from '../../shared/fold';

export interface Language {
  code: string;
  name: string;
  englishName: string;
  signLanguage: boolean;
  modalities: Modality[];
  /** The ISO 639-3 macrolanguage this language belongs to (`arb` → `ara`), if any. */
  macrolanguage?: string;
}

// Which languages are sign languages, and which individual languages make up a macrolanguage, come from
// the IANA Language Subtag Registry (language-subtag-registry, updated from IANA's file): it carries
// ISO 639-3's macrolanguage mappings, and lists every sign language as an extended subtag of `sgn`.
interface RegistryEntry {
  Type: string;
  Subtag?: string;
  Macrolanguage?: string;
  Prefix?: string[];
}
const registry = createRequire(import.meta.url)('language-subtag-registry/data/json/registry.json') as RegistryEntry[];

/** ISO 639-1 two-letter codes (as the registry names most macrolanguages) to ISO 639-3. */
const threeLetter = new Map(iso6393.filter((entry) => entry.iso6391).map((entry) => [entry.iso6391!, entry.iso6393]));
const toIso6393 = (subtag: string) => (subtag.length === 2 ? threeLetter.get(subtag) : subtag);

const SIGN_LANGUAGES = new Set(['sgn', ...registry.filter((e) => e.Type === 'extlang' && e.Prefix?.includes('sgn')).map((e) => e.Subtag!)]);

/** Individual language -> its macrolanguage, both ISO 639-3. */
const MACROLANGUAGE_OF = new Map(
  registry
    .filter((e) => e.Type === 'language' && e.Subtag?.length === 3 && e.Macrolanguage)
    .flatMap((e) => {
      const macro = toIso6393(e.Macrolanguage!);
      return macro ? [[e.Subtag!, macro] as const] : [];
    }),
);
const MEMBERS_OF = new Map<string, string[]>();
const ENGLISH_NAME = new Map(iso6393.map((entry) => [entry.iso6393, entry.name]));
const memberName = (code: string) => FRENCH_NAME_OVERRIDES[code] ?? ENGLISH_NAME.get(code) ?? code;
for (const [member, macro] of MACROLANGUAGE_OF) MEMBERS_OF.set(macro, [...(MEMBERS_OF.get(macro) ?? []), member]);

// French names come from CLDR through Intl.DisplayNames; these fill the gaps CLDR leaves for languages
// that French health care actually asks for.
const FRENCH_NAME_OVERRIDES: Record<string, string> = {
  fsl: 'langue des signes française (LSF)',
  kmr: 'kurde kurmandji',
  ckb: 'kurde sorani',
  cmn: 'chinois mandarin',
  yue: 'chinois cantonais',
  fuf: 'peul du Fouta-Djalon (pular)',
  fuc: 'peul (pulaar)',
  mnk: 'mandinka',
  bci: 'baoulé',
  swh: 'swahili',
  apc: 'arabe levantin',
  arq: 'arabe algérien',
  ary: 'arabe marocain',
  aeb: 'arabe tunisien',
  arz: 'arabe égyptien',
  apd: 'arabe soudanais',
  rmy: 'romani vlax',
  hat: 'créole haïtien',
  gcf: 'créole guadeloupéen',
  rcf: 'créole réunionnais',
  sgn: 'langue des signes',
};

/** Other names people type, where ISO's English name is an old spelling. */
const ALIASES: Record<string, string[]> = {
  pus: ['pashto', 'pachtou'],
  fas: ['farsi'],
  prs: ['farsi afghan', 'persan afghan'],
  sqi: ['shqip'],
  ben: ['bangla'],
  ckb: ['sorani'],
  kmr: ['kurmanji'],
  ron: ['moldave'],
};

/** Requested most often in the region: ranked first among equal matches. */
const COMMON = [
  'ara', 'prs', 'pus', 'fas', 'tir', 'sqi', 'kat', 'rus', 'ron', 'ben', 'fsl', 'tur', 'eng', 'spa', 'por',
  'ukr', 'srp', 'bos', 'hye', 'aze', 'chc', 'ckb', 'kmr', 'kur', 'som', 'amh', 'orm', 'swh', 'lin', 'wol',
  'bam', 'ful', 'snk', 'sus', 'mnk', 'urd', 'pan', 'tam', 'sin', 'cmn', 'vie', 'mon', 'che', 'rmy', 'kab',
  'ber', 'tzm', 'ita', 'deu', 'pol', 'bul', 'hat', 'ary', 'arq', 'aeb',
];
const commonRank = new Map(COMMON.map((code, index) => [code, index]));

const frenchNames = new Intl.DisplayNames(['fr'], { type: 'language', fallback: 'none' });

export function fold(text: string): string {
  return foldAccents(text).replace(/[’'-]/g, ' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Indexed {
  language: Language;
  keys: string[];
  /** The words of each key, for matching the start of any word. */
  words: string[][];
}

let catalogue: Indexed[] | undefined;
let byCode: Map<string, Language> | undefined;

function build(): Indexed[] {
  return iso6393
    .filter((entry) => entry.type === 'living')
    .map((entry) => {
      const code = entry.iso6393;
      const french =
        FRENCH_NAME_OVERRIDES[code] ??
        frenchNames.of(entry.iso6391 ?? code) ??
        entry.name;
      const signLanguage = SIGN_LANGUAGES.has(code);
      const macrolanguage = MACROLANGUAGE_OF.get(code);
      const language: Language = {
        code,
        name: capitalise(french),
        englishName: entry.name,
        signLanguage,
        // Sign language needs to be seen: never by phone.
        modalities: signLanguage ? ['video', 'onsite'] : [...MODALITIES],
        ...(macrolanguage ? { macrolanguage } : {}),
      };
      // A macrolanguage is also found by its members' codes and names ("dari" finds Persian too).
      const members = (MEMBERS_OF.get(code) ?? []).flatMap((member) => [member, fold(memberName(member))]);
      const keys = [fold(french), fold(entry.name), code, ...(ALIASES[code] ?? []), ...members];
      return { language, keys, words: keys.map((key) => key.split(/[\s(),]+/)) };
    })
    .sort((a, b) => rankOfCommon(a) - rankOfCommon(b) || a.language.name.localeCompare(b.language.name, 'fr'))
    .map(distinguishing());
}

/**
 * Two languages must never show the same label: French CLDR names `ara` and `arb` both "arabe". A name
 * shared by several is kept by the macrolanguage (or the most requested one); the others add their
 * English name and code: "Arabe (Standard Arabic, arb)".
 */
function distinguishing(): (item: Indexed, index: number, all: Indexed[]) => Indexed {
  let byName: Map<string, Indexed[]> | undefined;
  return (item, _index, all) => {
    if (!byName) {
      byName = new Map();
      for (const other of all) {
        const key = fold(other.language.name);
        byName.set(key, [...(byName.get(key) ?? []), other]);
      }
    }
    const same = byName.get(fold(item.language.name))!;
    if (same.length < 2) return item;
    const keeper = same.find((other) => MEMBERS_OF.has(other.language.code)) ?? same[0]!;
    if (keeper === item) return item;
    return { ...item, language: { ...item.language, name: `${item.language.name} (${item.language.englishName}, ${item.language.code})` } };
  };
}

function rankOfCommon(item: Indexed): number {
  return commonRank.get(item.language.code) ?? COMMON.length;
}

function languages(): Indexed[] {
  catalogue ??= build();
  return catalogue;
}

/** 0 is the best match; undefined means no match. */
function score(item: Indexed, query: string): number | undefined {
  let best: number | undefined;
  item.keys.forEach((key, index) => {
    const penalty = index * 0.1; // the French name first, then English, then the code
    let s: number | undefined;
    if (key === query) s = 0;
    else if (key.startsWith(query)) s = 1;
    else if (item.words[index]!.some((word) => word.startsWith(query))) s = 2;
    else if (key.includes(query)) s = 3;
    if (s !== undefined && (best === undefined || s + penalty < best)) best = s + penalty;
  });
  return best;
}

/** Accent- and case-insensitive search over French name, English name and ISO 639-3 code. */
export function searchLanguages(q: string | undefined, limit?: number): Language[] {
  const query = fold(q ?? '').trim().replace(/\s+/g, ' ');
  const all = languages();
  if (!query) return all.slice(0, limit).map((item) => item.language);
  const matches: { item: Indexed; score: number; order: number }[] = [];
  all.forEach((item, order) => {
    const s = score(item, query);
    if (s !== undefined) matches.push({ item, score: s, order });
  });
  // Among equal matches, a macrolanguage comes before its members.
  const family = (item: Indexed) => (MEMBERS_OF.has(item.language.code) ? 0 : 1);
  matches.sort((a, b) => a.score - b.score || family(a.item) - family(b.item) || a.order - b.order);
  return matches.slice(0, limit ?? 50).map((match) => match.item.language);
}

/**
 * The languages an interpreter of `code` relates to, in ISO 639-3: its macrolanguage when it is a member
 * (Dari `prs` → Persian `fas`), its members when it is a macrolanguage (`zho` → `cmn`, `yue`, ...), and
 * its siblings (Dari → Iranian Persian `pes`), each with how close it is.
 */
export function relatedLanguages(code: string): Array<{ code: string; relation: 'macrolanguage' | 'member' | 'sibling' }> {
  const macro = MACROLANGUAGE_OF.get(code);
  if (macro) {
    const siblings = (MEMBERS_OF.get(macro) ?? []).filter((member) => member !== code);
    return [{ code: macro, relation: 'macrolanguage' }, ...siblings.map((sibling) => ({ code: sibling, relation: 'sibling' as const }))];
  }
  return (MEMBERS_OF.get(code) ?? []).map((member) => ({ code: member, relation: 'member' as const }));
}

export function findLanguage(code: string): Language | undefined {
  byCode ??= new Map(languages().map((item) => [item.language.code, item.language]));
  return byCode.get(code);
}

export function unknownLanguageCodes(codes: readonly string[]): string[] {
  return codes.filter((code) => !findLanguage(code));
}

export function listSpecialties() {
  return SPECIALTIES.map(({ code, name }) => ({ code, name }));
}
