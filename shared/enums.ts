// Domain vocabularies shared by the server, the client and the JSON schemas.
import { DEPARTMENTS, REGIONS, regionByCode } from './regions';

export const ROLES = ['requester', 'interpreter', 'dispatcher', 'auditor', 'national_auditor', 'admin'] as const;
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

/**
 * A department's code: metropolitan 01-95 with Corsica's 2A/2B, and the overseas 971-974 and 976. Not 975:
 * Saint-Pierre-et-Miquelon is an overseas collectivity, not a department, in the geographic code
 * (test/platform/regions.test.ts holds this pattern to the package's list).
 */
export const DEPARTMENT_PATTERN = '^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])$';

/** The region the platform serves for now: Auvergne-Rhône-Alpes, the brief's region (INSEE 84). */
export const DEFAULT_REGION_CODE = '84';

const defaultRegion = regionByCode(DEFAULT_REGION_CODE)!;

/** Every region's INSEE code, as bodies and queries accept them ('84', '76', '04' ...). */
export const REGION_CODES: readonly string[] = REGIONS.map((region) => region.code);

/** The departments of the default region, in code order: '01', '03', '07' ... '74'. */
export const REGION_DEPARTMENTS: readonly string[] = defaultRegion.departments.map((department) => department.code);

/** Their names, for reports and forms. */
export const REGION_DEPARTMENT_NAMES: Readonly<Record<string, string>> = Object.fromEntries(defaultRegion.departments.map((d) => [d.code, d.name]));

/** The name of every department of France by code, as reports label a department ("69 – Rhône", "974 – La Réunion"). */
export const DEPARTMENT_NAMES: Readonly<Record<string, string>> = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, d.name]));

/** Identity providers one may sign in with, when configured (OIDC_PSC_*, OIDC_PROCONNECT_*). */
export const IDENTITY_PROVIDERS = ['psc', 'proconnect'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

export const IDENTITY_PROVIDER_LABELS: Record<IdentityProvider, string> = {
  psc: 'Pro Santé Connect',
  proconnect: 'ProConnect',
};
