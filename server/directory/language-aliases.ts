// The names French health care uses that CLDR (language-names.fr.json) lacks: the main variety of a
// macrolanguage, which CLDR writes with the macrolanguage's code and so does not name apart (`arb` is
// `ar` there), languages CLDR has no French name for, and the usual names patients and professionals
// say ("darija"). Each entry cites where its names come from; `name` replaces CLDR's (or ISO's English
// one), `otherNames` are found by the search as well.

export interface UsualNames {
  name?: string;
  otherNames?: string[];
  source: string;
}

const MAGHREBI = 'Wikipédia (fr), article « Arabe maghrébin »: the Arabic spoken in the Maghreb, called darija (Morocco, Algeria) or derja (Tunisia)';

export const USUAL_NAMES: Record<string, UsualNames> = {
  arb: { name: 'arabe standard', otherNames: ['arabe standard moderne', 'arabe littéraire', 'fousha'], source: 'CLDR fr `ar-001` « arabe standard moderne » (CLDR writes arb as ar); Wikipédia (fr), article « Arabe standard moderne » (arabe littéraire, fusha)' },
  ary: { otherNames: ['darija', 'arabe maghrébin', 'marocain'], source: `Wikipédia (fr), article « Arabe marocain » (darija); ${MAGHREBI}` },
  arq: { otherNames: ['darija algérienne', 'darja', 'arabe maghrébin', 'algérien'], source: `Wikipédia (fr), article « Arabe algérien » (darja); ${MAGHREBI}` },
  aeb: { otherNames: ['derja', 'arabe maghrébin', 'tunisien'], source: `Wikipédia (fr), article « Arabe tunisien » (derja); ${MAGHREBI}` },
  apc: { name: 'arabe levantin', otherNames: ['arabe syrien', 'arabe libanais', 'chami'], source: 'Wikipédia (fr), article « Arabe levantin » (CLDR has no French name for apc)' },
  apd: { name: 'arabe soudanais', source: 'Wikipédia (fr), article « Arabe soudanais » (CLDR has no French name for apd)' },
  swh: { name: 'swahili', source: 'CLDR fr `sw` « swahili » (CLDR writes swh as sw)' },
  swa: { name: 'swahili (toutes variétés)', source: 'ISO 639-3: swa is the macrolanguage of swh (swahili) and swc (swahili du Congo); the words in brackets are ours, so that it reads apart from swh' },
  cmn: { name: 'chinois mandarin', otherNames: ['mandarin'], source: 'CLDR fr `zh-alt-menu` « chinois mandarin » (CLDR writes cmn as zh)' },
  pes: { name: 'persan iranien', otherNames: ['farsi'], source: 'Wikipédia (fr), article « Persan » (farsi, the Persian of Iran); CLDR writes pes as fa' },
  fas: { otherNames: ['farsi'], source: 'Wikipédia (fr), article « Persan » (farsi)' },
  prs: { otherNames: ['farsi afghan', 'persan afghan'], source: 'Wikipédia (fr), article « Dari » (persan d’Afghanistan)' },
  kmr: { name: 'kurde kurmandji', otherNames: ['kurmandji', 'kurmanji'], source: 'CLDR fr `ku-menu-extension` « kurmandji » (CLDR writes kmr as ku)' },
  ful: { otherNames: ['fulfulde', 'poular', 'pulaar', 'pular'], source: 'Wikipédia (fr), article « Peul (langue) » (fulfulde, pulaar, pular)' },
  fuc: { name: 'peul (pulaar)', otherNames: ['pulaar'], source: 'Wikipédia (fr), article « Pulaar » (CLDR writes fuc as ff)' },
  fuf: { name: 'peul du Fouta-Djalon (pular)', otherNames: ['pular', 'poular'], source: 'Wikipédia (fr), article « Pular » (CLDR has no French name for fuf)' },
  fsl: { name: 'langue des signes française (LSF)', otherNames: ['LSF'], source: 'Wikipédia (fr), article « Langue des signes française » (CLDR has no French name for fsl)' },
  mnk: { name: 'mandinka', otherNames: ['mandingue'], source: 'Wikipédia (fr), article « Mandinka » (CLDR has no French name for mnk)' },
  bci: { name: 'baoulé', source: 'Wikipédia (fr), article « Baoulé (langue) » (CLDR has no French name for bci)' },
  rmy: { name: 'romani vlax', source: 'Wikipédia (fr), article « Romani vlax » (CLDR writes rmy as rom)' },
  gcf: { name: 'créole guadeloupéen', otherNames: ['créole martiniquais'], source: 'Wikipédia (fr), article « Créole guadeloupéen » (ISO 639-3 gcf covers Guadeloupe and Martinique)' },
  rcf: { name: 'créole réunionnais', source: 'Wikipédia (fr), article « Créole réunionnais » (CLDR has no French name for rcf)' },
  // The Comorian languages: Mayotte's daily care is in Shimaoré and Kibushi (issue 27); ISO 639-3 names
  // four Comorian languages and no macrolanguage, CLDR only swb (as « comorien »).
  swb: { name: 'shimaoré (comorien de Mayotte)', otherNames: ['shimaore', 'mahorais', 'comorien'], source: 'Wikipédia (fr), article « Shimaoré » (mahorais, the Comorian of Mayotte); ISO 639-3 swb Maore Comorian, which CLDR names « comorien »' },
  zdj: { name: 'shingazidja (comorien de Grande Comore)', otherNames: ['shingazidja', 'comorien'], source: 'Wikipédia (fr), article « Shingazidja »; ISO 639-3 zdj Ngazidja Comorian (CLDR has no French name for zdj)' },
  wni: { name: 'shindzuani (comorien d’Anjouan)', otherNames: ['shindzuani', 'anjouanais', 'comorien'], source: 'Wikipédia (fr), article « Shindzuani »; ISO 639-3 wni Ndzwani Comorian (CLDR has no French name for wni)' },
  wlc: { name: 'shimwali (comorien de Mohéli)', otherNames: ['shimwali', 'comorien'], source: 'Wikipédia (fr), article « Shimwali »; ISO 639-3 wlc Mwali Comorian (CLDR has no French name for wlc)' },
  buc: { name: 'kibushi', otherNames: ['shibushi', 'malgache de Mayotte'], source: 'Wikipédia (fr), article « Kibushi » (shibushi, the Malagasy of Mayotte); ISO 639-3 buc Bushi (CLDR has no French name for buc)' },
  sqi: { otherNames: ['shqip'], source: 'Wikipédia (fr), article « Albanais » (shqip, its own name)' },
  ben: { otherNames: ['bangla'], source: 'Wikipédia (fr), article « Bengali » (bangla, its own name)' },
};
