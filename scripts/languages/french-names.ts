import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { iso6393 } from 'iso-639-3';

// `npm run languages:names`: writes server/directory/language-names.fr.json, the French
// names of ISO 639-3 languages as Unicode CLDR gives them (locale fr), from the npm packages
// cldr-localenames-full (the names) and cldr-core (which ISO code CLDR writes another way). Run it again
// after upgrading those packages; the file records their version and the day it was made.
//
// - A language is looked up by its ISO 639-1 code when it has one (`ar`), else by its ISO 639-3 code.
// - CLDR writes some languages as a language and a region (`prs` is `fa-AF`, "dari"): those are read so.
// - CLDR writes the main variety of some macrolanguages with the macrolanguage's code (`arb` is `ar`):
//   that name belongs to the macrolanguage, so the variety gets none from here (the hand-kept table in
//   server/directory/language-aliases.ts names those people ask for).
// - Other names: CLDR's alternatives (`-alt-variant`, `-alt-short`, `-alt-long`, `-alt-menu`) and the
//   names of the language in a country ("moldave" for ro-MD, "flamand" for nl-BE). A menu name (`-alt-menu`,
//   "kurde sorani") is what CLDR advises for a list such as a picker: it becomes the name, unless the
//   code is a macrolanguage (`zh-alt-menu` is "chinois mandarin", which is `cmn`, not Chinese as a whole).

const require = createRequire(import.meta.url);
const localenames = require('cldr-localenames-full/package.json') as { version: string };
const core = require('cldr-core/package.json') as { version: string };
const french = (require('cldr-localenames-full/main/fr/languages.json') as { main: { fr: { localeDisplayNames: { languages: Record<string, string> } } } }).main.fr.localeDisplayNames.languages;
const aliases = (require('cldr-core/supplemental/aliases.json') as { supplemental: { metadata: { alias: { languageAlias: Record<string, { _reason: string; _replacement: string }> } } } }).supplemental.metadata.alias.languageAlias;

const REGION = /^[A-Z]{2}$/;
/** Keys CLDR uses for another ISO 639-3 language (`fa-AF` is Dari, `prs`): not another name of Persian. */
const OTHER_LANGUAGES = new Set(Object.values(aliases).filter((a) => a._reason === 'overlong' && a._replacement.includes('-')).map((a) => a._replacement));

/** The French names CLDR gives ISO 639-3 living languages, and their other names, by ISO 639-3 code. */
export function frenchNamesFromCldr(): { names: Record<string, string>; otherNames: Record<string, string[]> } {
  const names: Record<string, string> = {};
  const otherNames: Record<string, string[]> = {};
  for (const entry of iso6393.filter((e) => e.type === 'living')) {
    const code = entry.iso6393;
    const alias = aliases[code];
    if (alias?._reason === 'macrolanguage') continue;
    const id = alias?._reason === 'overlong' && alias._replacement.includes('-') ? alias._replacement : entry.iso6391 ?? code;
    const name = french[id];
    if (!name) continue;
    const menu = french[`${id}-alt-menu`];
    const isMacrolanguage = entry.scope === 'macrolanguage';
    names[code] = menu && !isMacrolanguage ? menu : name;
    const others = new Set<string>([name]);
    for (const [key, value] of Object.entries(french)) {
      const [base, ...rest] = key.split('-');
      if (base !== id || rest.length === 0 || OTHER_LANGUAGES.has(key)) continue;
      const regional = rest.length === 1 && REGION.test(rest[0]!);
      const alternative = rest[0] === 'alt' && ['variant', 'short', 'long', 'menu'].includes(rest[1]!);
      if (regional || alternative) others.add(value);
    }
    if (id.includes('-')) continue; // a region's name (fa-AF) has no alternatives of its own
    others.delete(names[code]!);
    if (isMacrolanguage && menu) others.delete(menu);
    if (others.size > 0) otherNames[code] = [...others];
  }
  return { names, otherNames };
}

/** Where the names come from, as the table records it. */
export const CLDR_SOURCE = `Unicode CLDR, locale fr: npm cldr-localenames-full ${localenames.version} (main/fr/languages.json) and cldr-core ${core.version} (supplemental/aliases.json)`;

export const TABLE = new URL('../../server/directory/language-names.fr.json', import.meta.url);

function write() {
  const { names, otherNames } = frenchNamesFromCldr();
  const out = {
    source: CLDR_SOURCE,
    generatedOn: new Date().toISOString().slice(0, 10),
    generator: 'scripts/languages/french-names.ts',
    names,
    otherNames,
  };
  writeFileSync(TABLE, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${Object.keys(names).length} French names, ${Object.keys(otherNames).length} with other names, written to ${TABLE.pathname}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) write();
