import type { SpecialtyCode, StructureType } from '../../shared/enums';

// The shape of a believable year of demand in Auvergne-Rhône-Alpes, for server/seed/history.ts.

/** The beneficiaries besides the demo's 28 (12 PASS): with them, 35 PASS out of 116. */
export const MORE_STRUCTURES: Array<[name: string, type: StructureType, department: string]> = [
  ['PASS Hôpital de la Croix-Rousse (HCL)', 'PASS', '69'], ['PASS Centre hospitalier Lyon-Sud (HCL)', 'PASS', '69'],
  ['PASS Hôpital Femme Mère Enfant (HCL), Bron', 'PASS', '69'], ['PASS Hôpital Saint-Joseph Saint-Luc, Lyon', 'PASS', '69'],
  ['PASS Hôpital Nord-Ouest, Villefranche-sur-Saône', 'PASS', '69'], ['PASS psychiatrique, CH Le Vinatier, Bron', 'PASS', '69'],
  ['PASS Centre hospitalier Lucien-Hussel, Vienne', 'PASS', '38'], ['PASS Centre hospitalier Pierre-Oudot, Bourgoin-Jallieu', 'PASS', '38'],
  ['PASS Centre hospitalier de Roanne', 'PASS', '42'], ['PASS Hôpital du Gier, Saint-Chamond', 'PASS', '42'],
  ['PASS Centre hospitalier du Forez, Montbrison', 'PASS', '42'], ['PASS Centre hospitalier de Thiers', 'PASS', '63'],
  ['PASS Groupement hospitalier Portes de Provence, Montélimar', 'PASS', '26'], ['PASS Hôpitaux Drôme Nord, Romans-sur-Isère', 'PASS', '26'],
  ['PASS Centre hospitalier Alpes-Léman, Contamine-sur-Arve', 'PASS', '74'], ['PASS Hôpitaux du Léman, Thonon-les-Bains', 'PASS', '74'],
  ['PASS Centre hospitalier Albertville-Moûtiers', 'PASS', '73'], ['PASS Centre hospitalier du Haut-Bugey, Oyonnax', 'PASS', '01'],
  ['PASS Centre hospitalier Jacques-Lacarin, Vichy', 'PASS', '03'], ['PASS Centre hospitalier de Montluçon', 'PASS', '03'],
  ['PASS Centre hospitalier d’Ardèche méridionale, Aubenas', 'PASS', '07'], ['PASS Centre hospitalier de Saint-Flour', 'PASS', '15'],
  ['PASS Centre hospitalier de Brioude', 'PASS', '43'],
  ['Cabinet médical de la Guillotière, Lyon 7e', 'GP_PRACTICE', '69'], ['Cabinet médical Monplaisir, Lyon 8e', 'GP_PRACTICE', '69'],
  ['Cabinet médical du Mas-du-Taureau, Vaulx-en-Velin', 'GP_PRACTICE', '69'], ['Cabinet médical des Minguettes, Vénissieux', 'GP_PRACTICE', '69'],
  ['Cabinet médical Teisseire, Grenoble', 'GP_PRACTICE', '38'], ['Cabinet médical de l’Abbaye, Grenoble', 'GP_PRACTICE', '38'],
  ['Cabinet médical de Tarentaize, Saint-Étienne', 'GP_PRACTICE', '42'], ['Cabinet médical Saint-Jacques, Clermont-Ferrand', 'GP_PRACTICE', '63'],
  ['Cabinet médical du Polygone, Valence', 'GP_PRACTICE', '26'], ['Cabinet médical des Romains, Annecy', 'GP_PRACTICE', '74'],
  ['Cabinet médical du Biollay, Chambéry', 'GP_PRACTICE', '73'], ['Cabinet médical de la Reyssouze, Bourg-en-Bresse', 'GP_PRACTICE', '01'],
  ['Cabinet médical des Fours-à-Chaux, Montluçon', 'GP_PRACTICE', '03'], ['Cabinet médical du Val-Vert, Le Puy-en-Velay', 'GP_PRACTICE', '43'],
  ['MSP de Saint-Fons', 'MSP', '69'], ['MSP États-Unis, Lyon 8e', 'MSP', '69'], ['MSP Villeneuve, Grenoble', 'MSP', '38'],
  ['MSP de Fontaine', 'MSP', '38'], ['MSP de Firminy', 'MSP', '42'], ['MSP de Riom', 'MSP', '63'], ['MSP du Pays de Mauriac', 'MSP', '15'],
  ['MSP d’Annonay', 'MSP', '07'], ['MSP de Cluses', 'MSP', '74'], ['MSP d’Ambérieu-en-Bugey', 'MSP', '01'],
  ['Centre de santé de la Duchère, Lyon 9e', 'CDS', '69'], ['Centre de santé municipal de Vaulx-en-Velin', 'CDS', '69'],
  ['Centre de santé Mistral, Grenoble', 'CDS', '38'], ['Centre de santé Abbaye-Jouhaux, Grenoble', 'CDS', '38'],
  ['Centre de santé de Beaubrun, Saint-Étienne', 'CDS', '42'], ['Centre de santé des Vergnes, Clermont-Ferrand', 'CDS', '63'],
  ['Centre de santé de Fontbarlettes, Valence', 'CDS', '26'], ['Centre de santé des Hauts-de-Chambéry', 'CDS', '73'],
  ['CPTS Lyon 7e', 'CPTS', '69'], ['CPTS de Villeurbanne', 'CPTS', '69'], ['CPTS Grenoble Sud', 'CPTS', '38'],
  ['CPTS du Grand Clermont', 'CPTS', '63'], ['CPTS Saint-Étienne Sud', 'CPTS', '42'], ['CPTS du Bassin annécien', 'CPTS', '74'],
  ['EMPP de l’Isère (CHU Grenoble Alpes)', 'EMPP', '38'], ['EMPP de la Loire (CHU de Saint-Étienne)', 'EMPP', '42'],
  ['EMPP de la Drôme (CH Drôme Vivarais)', 'EMPP', '26'], ['EMPP de Savoie (CHS de la Savoie)', 'EMPP', '73'],
  ['EMPP de l’Ain (CPA de Bourg-en-Bresse)', 'EMPP', '01'],
  ['Maternité, Hôpital de la Croix-Rousse (HCL)', 'HOSPITAL_SERVICE', '69'], ['Urgences pédiatriques, Hôpital Femme Mère Enfant (HCL)', 'HOSPITAL_SERVICE', '69'],
  ['Centre régional du psychotraumatisme, CH Le Vinatier', 'HOSPITAL_SERVICE', '69'], ['Maladies infectieuses, CHU de Saint-Étienne', 'HOSPITAL_SERVICE', '42'],
  ['Maternité Estaing, CHU Clermont-Ferrand', 'HOSPITAL_SERVICE', '63'], ['Gynécologie-obstétrique, CH Annecy Genevois', 'HOSPITAL_SERVICE', '74'],
  ['Psychiatrie adulte, CH Alpes-Isère, Saint-Égrève', 'HOSPITAL_SERVICE', '38'], ['Pédiatrie, Centre hospitalier de Valence', 'HOSPITAL_SERVICE', '26'],
  ['CADA Forum Réfugiés, Villeurbanne', 'SHELTER', '69'], ['LHSS de Lyon (Fondation de l’Armée du Salut)', 'SHELTER', '69'],
  ['CADA de Grenoble', 'SHELTER', '38'], ['ACT de Grenoble', 'SHELTER', '38'], ['CADA de Saint-Étienne', 'SHELTER', '42'],
  ['HUDA de Clermont-Ferrand', 'SHELTER', '63'], ['CADA d’Aurillac', 'SHELTER', '15'], ['CADA de Privas', 'SHELTER', '07'],
  ['PMI de la Métropole de Lyon, Vénissieux', 'PMI', '69'], ['PMI de la Métropole de Lyon, Lyon 3e', 'PMI', '69'],
  ['PMI de la Loire, Saint-Étienne', 'PMI', '42'], ['PMI du Puy-de-Dôme, Clermont-Ferrand', 'PMI', '63'],
  ['PMI de la Savoie, Chambéry', 'PMI', '73'], ['PMI de l’Allier, Moulins', 'PMI', '03'],
];

/** Share of sessions by modality before steering: psychiatry and long consultations go on site. */
export const MODALITY_MIX: Record<StructureType, [number, number, number]> = {
  PASS: [0.55, 0.25, 0.2], GP_PRACTICE: [0.8, 0.15, 0.05], MSP: [0.7, 0.2, 0.1], CDS: [0.65, 0.25, 0.1], CPTS: [0.7, 0.22, 0.08],
  EMPP: [0.35, 0.25, 0.4], HOSPITAL_SERVICE: [0.5, 0.25, 0.25], SHELTER: [0.6, 0.25, 0.15], PMI: [0.55, 0.25, 0.2], OTHER: [0.6, 0.25, 0.15],
};

/** Relative use by a structure of each type, before the PASS / others split is steered. */
export const TYPE_WEIGHT: Record<StructureType, number> = {
  PASS: 1, GP_PRACTICE: 0.5, MSP: 0.9, CDS: 1.2, CPTS: 0.8, EMPP: 1.6, HOSPITAL_SERVICE: 1.3, SHELTER: 1.2, PMI: 1, OTHER: 1.2,
};
export const DEPARTMENT_WEIGHT: Record<string, number> = { '69': 1.6, '38': 1.3, '42': 1.2, '63': 1.2, '15': 0.6, '43': 0.6, '07': 0.7 };
export const BIG_PASS = ['Édouard-Herriot', 'CHU Grenoble', 'CHU Clermont', 'CHU de Saint-Étienne'];

const GENERAL: Array<[SpecialtyCode, number]> = [['general', 0.75], ['mental_health', 0.1], ['paediatrics', 0.08], ['perinatal', 0.07]];
export const SPECIALTY_MIX: Record<StructureType, Array<[SpecialtyCode, number]>> = {
  PASS: [['general', 0.7], ['sexual_health', 0.1], ['mental_health', 0.1], ['perinatal', 0.05], ['addiction', 0.05]],
  EMPP: [['mental_health', 0.6], ['psycho_trauma', 0.3], ['addiction', 0.1]],
  PMI: [['perinatal', 0.6], ['paediatrics', 0.4]],
  SHELTER: [['general', 0.5], ['psycho_trauma', 0.25], ['social', 0.25]],
  HOSPITAL_SERVICE: [['general', 0.4], ['perinatal', 0.2], ['paediatrics', 0.15], ['mental_health', 0.15], ['psycho_trauma', 0.1]],
  GP_PRACTICE: GENERAL, MSP: GENERAL, CDS: GENERAL, CPTS: GENERAL, OTHER: GENERAL,
};

/** Asylum and migrant demand in the region; Ukrainian rises from March 2022. Codes the demo interpreters speak. */
export const LANGUAGES: Array<[string, number]> = [
  ['ara', 14], ['prs', 10], ['pus', 7], ['sqi', 7], ['tir', 6], ['kat', 6], ['rus', 6], ['eng', 5], ['ron', 4], ['ben', 4], ['tur', 3],
  ['hye', 3], ['fsl', 2], ['som', 2.5], ['ful', 2.5], ['lin', 2.5], ['amh', 2], ['kmr', 2], ['ckb', 1.5], ['bam', 1.5], ['sus', 1.5],
  ['urd', 1.5], ['spa', 1.5], ['mon', 1.5], ['che', 1.5], ['aze', 1.5], ['ary', 1.5], ['wol', 1], ['por', 1], ['cmn', 1], ['srp', 1],
  ['apc', 1], ['kab', 1], ['fas', 1], ['ukr', 1], ['pan', 0.5], ['vie', 0.5], ['tam', 0.5], ['bul', 0.5], ['swh', 0.5], ['rmy', 0.5],
  ['snk', 0.5], ['orm', 0.5], ['mkd', 0.3], ['hin', 0.3], ['yue', 0.3], ['lub', 0.3], ['dyu', 0.3], ['apd', 0.3], ['ita', 0.2],
];
export const UKRAINE_FROM = '2022-03-01';

export const DAY_HOURS: Array<[number, number]> = [[8, 1], [9, 3], [10, 3], [11, 3], [12, 1], [13, 1.5], [14, 3], [15, 3], [16, 2.5], [17, 1.5], [18, 0.7]];

// Unmet demand (server/seed/history-requests.ts). The brief gives fill rates of 91-97 % for NHS trusts and UK
// courts and no regional figure for France: the targets and factors below are assumptions, chosen so
// that the region sits in that range and fails where interpreters are scarce.

/** Requests given up without an interpreter, of those decided (filled or given up): a fill rate of 94 %. */
export const UNFILLED_TARGET = 0.06;
/** Requests the requester cancels before anyone is assigned (the patient's need went away), of all requests. */
export const CANCELLED_UNASSIGNED_SHARE = 0.04;
/** Phone sessions asked for "now", the patient in the room, rather than booked. */
export const NOW_SHARE_OF_PHONE = 0.35;

/**
 * How much harder than the average language an interpreter is to find: few interpreters for much demand
 * (Tigrinya, Pashto, Dari, Georgian among the asylum languages), many for Arabic, English, Spanish.
 * A language not listed counts 1.
 */
export const LANGUAGE_SCARCITY: Record<string, number> = {
  tir: 2.6, pus: 2.4, kat: 2.2, prs: 2, amh: 2, che: 2, sus: 2, snk: 2, dyu: 2, mon: 1.9, som: 1.8, fsl: 1.8,
  kmr: 1.6, ckb: 1.6, lin: 1.5, ful: 1.5, bam: 1.5, aze: 1.5, urd: 1.3, hye: 1.3, sqi: 1.2, ben: 1.2,
  ara: 0.45, eng: 0.35, spa: 0.45, por: 0.6, ita: 0.5, rus: 0.7, ukr: 0.8, ron: 0.8, tur: 0.8,
};
/** Phone reaches anyone anywhere; on site needs someone near and free for the whole trip. */
export const MODALITY_SCARCITY: Record<'phone' | 'video' | 'onsite', number> = { phone: 0.6, video: 1, onsite: 1.8 };
/** On site only: how far a department is from where the interpreters live (rural Cantal, Haute-Loire, Allier, Ardèche). */
export const DEPARTMENT_REMOTENESS: Record<string, number> = {
  '15': 2.2, '43': 2, '03': 1.8, '07': 1.8, '01': 1.3, '73': 1.3, '74': 1.2, '26': 1.2, '42': 1, '63': 1, '38': 0.8, '69': 0.7,
};
