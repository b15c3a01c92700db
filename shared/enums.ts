// Domain vocabularies shared by the server, the client and the JSON schemas.

export const ROLES = ['requester', 'interpreter', 'dispatcher', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STRUCTURE_TYPES = [
  'PASS',
  'GP_PRACTICE',
  'MSP',
  'CDS',
  'CPTS',
  'EMPP',
  'HOSPITAL_SERVICE',
  'SHELTER',
  'PMI',
  'OTHER',
] as const;
export type StructureType = (typeof STRUCTURE_TYPES)[number];

export const STRUCTURE_TYPE_LABELS: Record<StructureType, string> = {
  PASS: 'PASS (permanence d’accès aux soins de santé)',
  GP_PRACTICE: 'Cabinet de médecine générale',
  MSP: 'Maison de santé pluriprofessionnelle (MSP)',
  CDS: 'Centre de santé (CDS)',
  CPTS: 'Communauté professionnelle territoriale de santé (CPTS)',
  EMPP: 'Équipe mobile psychiatrie précarité (EMPP)',
  HOSPITAL_SERVICE: 'Service hospitalier',
  SHELTER: 'Hébergement (CADA, LHSS, ACT…)',
  PMI: 'Protection maternelle et infantile (PMI)',
  OTHER: 'Autre',
};

export const MODALITIES = ['phone', 'video', 'onsite'] as const;
export type Modality = (typeof MODALITIES)[number];

export const MODALITY_LABELS: Record<Modality, string> = {
  phone: 'Téléphone',
  video: 'Visioconférence',
  onsite: 'Sur place',
};

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const SPECIALTIES = [
  { code: 'general', name: 'Médecine générale' },
  { code: 'mental_health', name: 'Santé mentale' },
  { code: 'psycho_trauma', name: 'Psychotraumatisme' },
  { code: 'perinatal', name: 'Périnatalité' },
  { code: 'paediatrics', name: 'Pédiatrie' },
  { code: 'sexual_health', name: 'Santé sexuelle' },
  { code: 'addiction', name: 'Addictologie' },
  { code: 'social', name: 'Accompagnement social' },
] as const;
export const SPECIALTY_CODES = SPECIALTIES.map((s) => s.code);
export type SpecialtyCode = (typeof SPECIALTIES)[number]['code'];

/** Metropolitan departments 01-95 with Corsica's 2A/2B, and the overseas 971-976. */
export const DEPARTMENT_PATTERN = '^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-6])$';

/** The twelve departments of Auvergne-Rhône-Alpes, the brief's region. */
export const REGION_DEPARTMENTS = ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'] as const;

/** Their names, for reports and forms. */
export const REGION_DEPARTMENT_NAMES: Record<(typeof REGION_DEPARTMENTS)[number], string> = {
  '01': 'Ain', '03': 'Allier', '07': 'Ardèche', '15': 'Cantal', '26': 'Drôme', '38': 'Isère', '42': 'Loire',
  '43': 'Haute-Loire', '63': 'Puy-de-Dôme', '69': 'Rhône', '73': 'Savoie', '74': 'Haute-Savoie',
};

/** Department names by code, as reports label a department ("69 – Rhône"). */
export const DEPARTMENT_NAMES: Record<string, string> = REGION_DEPARTMENT_NAMES;

/** Identity providers one may sign in with, when configured (OIDC_PSC_*, OIDC_PROCONNECT_*). */
export const IDENTITY_PROVIDERS = ['psc', 'proconnect'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

export const IDENTITY_PROVIDER_LABELS: Record<IdentityProvider, string> = {
  psc: 'Pro Santé Connect',
  proconnect: 'ProConnect',
};
