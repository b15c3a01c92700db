import type { FromSchema } from 'json-schema-to-ts';
import { MODALITIES } from '../enums';
import { clockTime, isoDate, multilineText, objectId, region } from './common';

// Tariffs, budgets and reports: the bodies and queries of server/billing's routes.

export const REPORT_GROUPS = ['structure', 'structureType', 'department', 'language', 'modality', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

const cents = { type: 'integer', minimum: 0, maximum: 100_000_000_000 } as const;
const percent = { type: 'integer', minimum: 0, maximum: 300 } as const;
const year = { type: 'integer', minimum: 2000, maximum: 2100 } as const;

const cents1M = { type: 'integer', minimum: 0, maximum: 1_000_000 } as const;

/** The 2025 tenders' rules (server/billing/tariff.ts says each): all optional, so that earlier versions stay valid. */
const modalityTariff = {
  type: 'object',
  additionalProperties: false,
  required: ['unitCents', 'unitMinutes', 'minimumMinutes', 'travelFeeCents'],
  properties: {
    unitCents: cents1M,
    unitMinutes: { type: 'integer', enum: [1, 5, 15, 30] },
    minimumMinutes: { type: 'integer', minimum: 0, maximum: 480 },
    travelFeeCents: cents1M,
    firstUnit: {
      type: 'object',
      additionalProperties: false,
      required: ['minutes', 'cents'],
      properties: { minutes: { type: 'integer', minimum: 5, maximum: 240 }, cents: cents1M },
    },
    travel: {
      type: 'object',
      additionalProperties: false,
      // perKmCents with perKm, zones (upToKm rising) with zones: checked by server/billing/agency-tariffs.ts, naming the field.
      required: ['mode', 'roundTrip'],
      properties: {
        mode: { type: 'string', enum: ['perKm', 'zones'] },
        perKmCents: { type: 'integer', minimum: 0, maximum: 10_000 },
        zones: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['upToKm', 'cents'],
            properties: { upToKm: { type: 'integer', minimum: 1, maximum: 1000 }, cents: cents1M },
          },
        },
        roundTrip: { type: 'boolean' },
        travelTimeCentsPerHour: { type: 'integer', minimum: 0, maximum: 100_000 },
        travelSpeedKmh: { type: 'integer', minimum: 10, maximum: 130 },
      },
    },
  },
} as const;

export const tariffBody = {
  $id: 'TariffBody',
  type: 'object',
  additionalProperties: false,
  required: ['agencyId', 'validFrom', 'modalities', 'surcharges', 'cancellation'],
  properties: {
    agencyId: objectId,
    validFrom: isoDate,
    /** The region whose sessions it prices (an auditor's own, which they may omit); without it, an admin's version prices every region without its own. */
    region,
    modalities: {
      type: 'object',
      additionalProperties: false,
      required: [...MODALITIES],
      properties: { phone: modalityTariff, video: modalityTariff, onsite: modalityTariff },
    },
    surcharges: {
      type: 'object',
      additionalProperties: false,
      required: ['nightPercent', 'nightStart', 'nightEnd', 'sundayPercent', 'holidayPercent'],
      properties: { nightPercent: percent, nightStart: clockTime, nightEnd: clockTime, sundayPercent: percent, holidayPercent: percent },
    },
    cancellation: {
      type: 'object',
      additionalProperties: false,
      required: ['freeBeforeMinutes', 'lateBilledPercent', 'noShowBilledPercent'],
      properties: {
        freeBeforeMinutes: { type: 'integer', minimum: 0, maximum: 7 * 24 * 60 },
        lateBilledPercent: { type: 'integer', minimum: 0, maximum: 100 },
        noShowBilledPercent: { type: 'integer', minimum: 0, maximum: 100 },
        noShowNotTravelledPercent: { type: 'integer', minimum: 0, maximum: 100 },
      },
    },
  },
} as const;
export type TariffBody = FromSchema<typeof tariffBody>;

export const tariffListQuery = {
  $id: 'TariffListQuery',
  type: 'object',
  additionalProperties: false,
  properties: { agencyId: objectId },
} as const;
export type TariffListQuery = FromSchema<typeof tariffListQuery>;

export const amountBody = {
  $id: 'AmountBody',
  type: 'object',
  additionalProperties: false,
  required: ['amountCents'],
  properties: { amountCents: cents },
} as const;
export type AmountBody = FromSchema<typeof amountBody>;

/**
 * The region's envelope of a year and, optionally, the ARS as the buyer on the agencies' invoices
 * (Chorus Pro: the SIRET, the service code for BT-10 and the engagement number for BT-13, which of the
 * two a public body requires being its own setting).
 */
export const envelopeBody = {
  $id: 'EnvelopeBody',
  type: 'object',
  additionalProperties: false,
  required: ['amountCents'],
  properties: {
    amountCents: cents,
    /** The region (INSEE code): an admin's choice, required of them; an auditor's own, which they may omit. */
    region,
    buyer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'siret'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 160, pattern: '\\S' },
        siret: { type: 'string', pattern: '^[0-9]{14}$' },
        serviceCode: { type: 'string', minLength: 1, maxLength: 100, pattern: '^\\S+$' },
        engagementNumber: { type: 'string', minLength: 1, maxLength: 50, pattern: '^\\S+$' },
      },
    },
  },
} as const;
export type EnvelopeBody = FromSchema<typeof envelopeBody>;
export type InvoiceBuyer = NonNullable<EnvelopeBody['buyer']>;

export const usageQuery = {
  $id: 'UsageQuery',
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: {
    year,
    groupBy: { type: 'string', enum: REPORT_GROUPS },
    format: { type: 'string', enum: ['json', 'csv'] },
    /** CSV only: French Excel expects semicolons. */
    separator: { type: 'string', enum: ['comma', 'semicolon'] },
    structureId: objectId,
    /** One agency's sessions only (within the caller's scope). */
    agencyId: objectId,
    /** For national auditors and admins: one region (every region without it); an auditor's is theirs. */
    region,
  },
} as const;
export type UsageQuery = FromSchema<typeof usageQuery>;

export const budgetQuery = {
  $id: 'BudgetQuery',
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  // region: for national auditors and admins (the default region without it); an auditor's is theirs.
  properties: { year, format: { type: 'string', enum: ['json', 'csv'] }, separator: { type: 'string', enum: ['comma', 'semicolon'] }, region },
} as const;
export type BudgetQuery = FromSchema<typeof budgetQuery>;

/** The year's agency statements against the envelope (region: for national auditors and admins). */
export const statementsYearQuery = {
  $id: 'StatementsYearQuery',
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: { year, region },
} as const;
export type StatementsYearQuery = FromSchema<typeof statementsYearQuery>;

/** The national view: every region side by side. */
export const regionsReportQuery = {
  $id: 'RegionsReportQuery',
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: { year },
} as const;
export type RegionsReportQuery = FromSchema<typeof regionsReportQuery>;

export const auditQuery = {
  $id: 'AuditQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    entity: { type: 'string', enum: ['allocation', 'envelope', 'tariff', 'statement', 'qualification'] },
    year,
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;
export type AuditQuery = FromSchema<typeof auditQuery>;

export const correctionBody = {
  $id: 'CorrectionBody',
  type: 'object',
  additionalProperties: false,
  required: ['actualMinutes', 'outcome', 'reason'],
  properties: {
    actualMinutes: { type: 'integer', minimum: 0, maximum: 720 },
    outcome: { type: 'string', enum: ['done', 'patient_no_show'] },
    reason: { ...multilineText(500), minLength: 1 },
  },
} as const;
export type CorrectionBody = FromSchema<typeof correctionBody>;

/** A calendar month, 'YYYY-MM'. */
const month = { type: 'string', pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' } as const;

export const statementListQuery = {
  $id: 'StatementListQuery',
  type: 'object',
  additionalProperties: false,
  required: ['month'],
  properties: { agencyId: objectId, month },
} as const;
export type StatementListQuery = FromSchema<typeof statementListQuery>;

export const invoiceQuery = {
  $id: 'InvoiceQuery',
  type: 'object',
  additionalProperties: false,
  /** One invoice line per modality (the default) or per structure, as the ARS chooses. */
  properties: { lines: { type: 'string', enum: ['modality', 'structure'] } },
} as const;
export type InvoiceQuery = FromSchema<typeof invoiceQuery>;

/** The CSV of a statement's lines: French Excel expects semicolons (`separator=semicolon`). */
export const statementCsvQuery = {
  $id: 'StatementCsvQuery',
  type: 'object',
  additionalProperties: false,
  properties: { separator: { type: 'string', enum: ['comma', 'semicolon'] } },
} as const;
export type StatementCsvQuery = FromSchema<typeof statementCsvQuery>;

export const statementRejectBody = {
  $id: 'StatementRejectBody',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { ...multilineText(500), minLength: 1, pattern: '\\S' } },
} as const;
export type StatementRejectBody = FromSchema<typeof statementRejectBody>;
