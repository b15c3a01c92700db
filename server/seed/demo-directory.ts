import { DateTime } from 'luxon';
import type { Gender, Modality, SpecialtyCode, StructureType } from '../../shared/enums';
import { mulberry32 } from './random';

// A believable Auvergne-Rhône-Alpes as plain data: the brief's twelve departments, structures of every
// type with several PASS, two agencies and 44 interpreters over more than thirty languages. The demo
// seed writes it (demo-data.ts); the capacity simulator (server/simulation) reads it as it is.

export const DEMO_STRUCTURES: { key: string; name: string; type: StructureType; department: string; email?: string }[] = [
  { key: 'pass69', name: 'PASS Hôpital Édouard-Herriot (HCL)', type: 'PASS', department: '69', email: 'pass.lyon@demo.test' },
  { key: 'pass38', name: 'PASS CHU Grenoble Alpes', type: 'PASS', department: '38' },
  { key: 'pass63', name: 'PASS CHU Clermont-Ferrand', type: 'PASS', department: '63' },
  { key: 'pass42', name: 'PASS CHU de Saint-Étienne', type: 'PASS', department: '42' },
  { key: 'pass26', name: 'PASS Centre hospitalier de Valence', type: 'PASS', department: '26' },
  { key: 'pass74', name: 'PASS Centre hospitalier Annecy Genevois', type: 'PASS', department: '74' },
  { key: 'pass73', name: 'PASS Centre hospitalier Métropole Savoie', type: 'PASS', department: '73' },
  { key: 'pass01', name: 'PASS Centre hospitalier de Bourg-en-Bresse', type: 'PASS', department: '01' },
  { key: 'pass03', name: 'PASS Centre hospitalier de Moulins-Yzeure', type: 'PASS', department: '03' },
  { key: 'pass43', name: 'PASS Centre hospitalier Émile-Roux, Le Puy-en-Velay', type: 'PASS', department: '43' },
  { key: 'pass15', name: 'PASS Centre hospitalier d’Aurillac', type: 'PASS', department: '15' },
  { key: 'pass07', name: 'PASS Centre hospitalier Ardèche Nord, Annonay', type: 'PASS', department: '07' },
  { key: 'gp03', name: 'Cabinet médical des Célestins, Vichy', type: 'GP_PRACTICE', department: '03', email: 'gp.vichy@demo.test' },
  { key: 'gp69', name: 'Cabinet médical Gratte-Ciel, Villeurbanne', type: 'GP_PRACTICE', department: '69' },
  { key: 'msp42', name: 'MSP Montreynaud, Saint-Étienne', type: 'MSP', department: '42' },
  { key: 'msp38', name: 'MSP du Vercors, Villard-de-Lans', type: 'MSP', department: '38' },
  { key: 'cds38', name: 'Centre de santé Agecsa, Grenoble', type: 'CDS', department: '38' },
  { key: 'cds69', name: 'Centre de santé des Minguettes, Vénissieux', type: 'CDS', department: '69' },
  { key: 'cpts69', name: 'CPTS Lyon 8e', type: 'CPTS', department: '69' },
  { key: 'empp69', name: 'EMPP du Rhône (CH Le Vinatier)', type: 'EMPP', department: '69' },
  { key: 'empp63', name: 'EMPP du Puy-de-Dôme', type: 'EMPP', department: '63' },
  { key: 'cardio63', name: 'Cardiologie, CHU Clermont-Ferrand', type: 'HOSPITAL_SERVICE', department: '63' },
  { key: 'mater38', name: 'Maternité, CHU Grenoble Alpes', type: 'HOSPITAL_SERVICE', department: '38' },
  { key: 'cada26', name: 'CADA de Valence', type: 'SHELTER', department: '26' },
  { key: 'lhss63', name: 'LHSS de Clermont-Ferrand', type: 'SHELTER', department: '63' },
  { key: 'pmi38', name: 'PMI de l’Isère, Échirolles', type: 'PMI', department: '38' },
  { key: 'pmi74', name: 'PMI de Haute-Savoie, Annemasse', type: 'PMI', department: '74' },
  { key: 'mdm69', name: 'Centre d’accueil, de soins et d’orientation, Lyon', type: 'OTHER', department: '69' },
];

export const DEMO_AGENCIES = [
  { name: 'Interprétariat Santé Auvergne-Rhône-Alpes', email: 'contact@isara.demo.test', phone: '+33 4 72 00 00 01', departments: ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'] },
  { name: 'Alpes Interprètes Médicaux', email: 'contact@aim.demo.test', phone: '+33 4 76 00 00 02', departments: ['07', '26', '38', '73', '74'] },
];

/** Where each demo agency is based (Lyon, Grenoble): its on-site interpreters all work there, as well as further afield. */
const AGENCY_BASES = ['69', '38'];

type Row = [name: string, gender: 'female' | 'male', languages: string[], agency: 0 | 1];
const INTERPRETERS: Row[] = [
  ['Samira Benali', 'female', ['ara', 'kab'], 0], ['Karim Haddad', 'male', ['ara', 'apc'], 0],
  ['Nadia Moussa', 'female', ['ara', 'apd'], 1], ['Youssef El Amrani', 'male', ['ara', 'ary'], 0],
  ['Farid Ahmadi', 'male', ['prs', 'fas', 'pus'], 0], ['Mariam Rahimi', 'female', ['prs', 'fas'], 0],
  ['Ahmad Shinwari', 'male', ['pus', 'prs', 'urd'], 1], ['Zarghuna Stanekzai', 'female', ['pus'], 0],
  ['Tesfay Gebremedhin', 'male', ['tir', 'amh'], 0], ['Selam Haile', 'female', ['tir'], 1],
  ['Arben Krasniqi', 'male', ['sqi', 'srp'], 0], ['Elira Hoxha', 'female', ['sqi', 'ita'], 1],
  ['Nino Beridze', 'female', ['kat', 'rus'], 0], ['Giorgi Kapanadze', 'male', ['kat'], 1],
  ['Olga Ivanova', 'female', ['rus', 'ukr'], 0], ['Dmitri Sokolov', 'male', ['rus', 'che'], 0],
  ['Ioana Popescu', 'female', ['ron'], 0], ['Mihai Dumitru', 'male', ['ron', 'rmy'], 1],
  ['Rahim Uddin', 'male', ['ben', 'hin'], 0], ['Shirin Akter', 'female', ['ben'], 1],
  ['Claire Dubois', 'female', ['fsl'], 0], ['Julien Marchand', 'male', ['fsl'], 1],
  ['Mehmet Yilmaz', 'male', ['tur', 'kmr'], 0], ['Aylin Demir', 'female', ['tur'], 1],
  ['Hana Karim', 'female', ['ckb', 'ara'], 0], ['Anahit Petrosyan', 'female', ['hye', 'rus'], 0],
  ['Leyla Aliyeva', 'female', ['aze', 'tur'], 1], ['Hodan Abdi', 'female', ['som'], 0],
  ['Bereket Alemu', 'male', ['amh', 'orm'], 1], ['Amani Mwangi', 'female', ['swh'], 0],
  ['Patrick Mbuyi', 'male', ['lin', 'lub'], 0], ['Awa Diop', 'female', ['wol', 'ful'], 0],
  ['Moussa Traoré', 'male', ['bam', 'snk', 'dyu'], 1], ['Mamadou Diallo', 'male', ['ful', 'sus'], 0],
  ['Imran Qureshi', 'male', ['urd', 'pan'], 0], ['Tharshini Sivakumar', 'female', ['tam'], 1],
  ['Li Wei', 'female', ['cmn', 'yue'], 0], ['Thanh Nguyen', 'female', ['vie'], 0],
  ['Bat-Erdene Ganbold', 'male', ['mon', 'rus'], 1], ['Ana Ferreira', 'female', ['por', 'spa'], 0],
  ['Carlos Mendoza', 'male', ['spa', 'eng'], 0], ['Sarah O’Connor', 'female', ['eng'], 1],
  ['Oksana Melnyk', 'female', ['ukr', 'rus'], 0], ['Petar Ivanov', 'male', ['bul', 'mkd'], 1],
];

const SPECIALTY_POOL: SpecialtyCode[] = ['mental_health', 'psycho_trauma', 'perinatal', 'paediatrics', 'sexual_health', 'addiction', 'social'];

export interface DemoInterpreter {
  number: string;
  name: string;
  gender: Gender;
  agencyIndex: 0 | 1;
  languages: string[];
  specialties: SpecialtyCode[];
  modalities: Modality[];
  departments: string[];
  travelBufferMinutes: number;
  /** Without one, the directory's default (every day 08:00-20:00). */
  availability?: { weekday: number; from: string; to: string }[];
}

/** The demo interpreter on duty every day from 00:00 to 24:00 (Karim Haddad, ISARA, Arabic, phone and video). */
const DEMO_ON_DUTY_INDEX = 1;

/** The 44 demo interpreters, drawn from the same seeded stream every time. */
export function demoInterpreters(): DemoInterpreter[] {
  const random = mulberry32(2022);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return INTERPRETERS.map(([name, gender, languages, agencyIndex], index) => {
    const agency = DEMO_AGENCIES[agencyIndex]!;
    const sign = languages.includes('fsl');
    const modalities: Modality[] = sign ? ['video', 'onsite'] : random() < 0.6 ? ['phone', 'video', 'onsite'] : ['phone', 'video'];
    const home = pick(agency.departments);
    const departments = modalities.includes('onsite')
      ? [...new Set([AGENCY_BASES[agencyIndex]!, home, pick(agency.departments), pick(agency.departments)])]
      : [];
    const specialties: SpecialtyCode[] = ['general', pick(SPECIALTY_POOL)];
    if (random() < 0.4) specialties.push(pick(SPECIALTY_POOL));
    return {
      number: String(index + 1).padStart(2, '0'),
      name,
      gender,
      agencyIndex,
      languages,
      specialties: [...new Set(specialties)],
      modalities,
      departments,
      travelBufferMinutes: 30,
      ...(index % 5 === 0 ? { availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:30' })) } : {}),
      // A third keep the phone line open late, as agencies' duty rosters do: a "now" call at 21:00 finds someone.
      ...(index % 3 === 1 ? { availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '07:00', to: '23:30' })) } : {}),
      // ISARA's Arabic line on duty around the clock, so that the first start's demo call finds its
      // interpreter at any hour (server/seed/demo-call.ts).
      ...(index === DEMO_ON_DUTY_INDEX ? { availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) } : {}),
    };
  });
}

/**
 * The qualifications a demo interpreter holds on `today` (Paris, YYYY-MM-DD), from their place in the list
 * (never from the random stream, which the simulator reads as it is): everyone the basic training (five
 * years; a ninth of them expiring within three weeks, a ninth expired a month ago, which blocks nothing as
 * no specialty requires it); what their specialties and languages require (server/directory/qualifications.ts),
 * valid on `today` so that no demo request loses its interpreter, a quarter of the mental-health trainings
 * expiring in 45 days and a quarter of the perinatal ones in 75, so that warnings and the auditor's
 * "within 90 days" have something to show.
 */
export function demoQualifications(interpreter: Pick<DemoInterpreter, 'languages' | 'specialties'>, index: number, today: string): Array<{ code: string; obtainedOn: string; validUntil?: string }> {
  const day = DateTime.fromISO(today);
  const iso = (d: DateTime) => d.toISODate()!;
  const basicFrom = day.minus({ years: 1 + (index % 4), days: index });
  const basicUntil = index % 9 === 4 ? day.plus({ days: 20 }) : index % 9 === 7 ? day.minus({ days: 30 }) : basicFrom.plus({ years: 5 });
  const held = [{ code: 'health_interpreting', obtainedOn: iso(basicFrom), validUntil: iso(basicUntil) }];
  const specialties: readonly string[] = interpreter.specialties;
  if (specialties.includes('mental_health') || specialties.includes('psycho_trauma')) {
    const from = day.minus({ years: 2, days: index });
    held.push({ code: 'mental_health', obtainedOn: iso(from), validUntil: iso(index % 4 === 0 ? day.plus({ days: 45 }) : from.plus({ years: 3 })) });
  }
  if (specialties.includes('perinatal')) {
    const from = day.minus({ years: 1, days: index });
    held.push({ code: 'perinatal', obtainedOn: iso(from), validUntil: iso(index % 4 === 1 ? day.plus({ days: 75 }) : from.plus({ years: 3 })) });
  }
  if (interpreter.languages.includes('fsl')) return [...held, { code: 'fsl_state_diploma', obtainedOn: iso(day.minus({ years: 8, days: index })) }];
  return held;
}

export const DEMO_COUNTS = { structures: DEMO_STRUCTURES.length, agencies: DEMO_AGENCIES.length, interpreters: INTERPRETERS.length };
