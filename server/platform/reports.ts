import { DateTime } from 'luxon';
import { DEPARTMENT_NAMES } from '../../shared/enums';
import { auditorRegion, type Actor } from './actor';
import { forbidden, notFound } from './errors';

// What every report shares, so that the usage and access reports read alike: who sees which structure,
// and how groups are labelled in French.

/** What a report counts: one structure's, one region's, both (that structure if it is in the region), or everything. */
export interface ReportScope {
  structureId?: string | undefined;
  region?: string | undefined;
}

/**
 * The scope of a report for its caller: an auditor sees their region or one structure of it (another
 * region named is 404, another region's structure counts nothing); national auditors and admins every
 * region, or the one region or structure they name; a requester their own structure (403 naming
 * another); others 403.
 */
export function reportScope(actor: Actor, query: { structureId?: string | undefined; region?: string | undefined }): ReportScope {
  switch (actor.role) {
    case 'auditor': {
      const region = auditorRegion(actor);
      if (query.region && query.region !== region) throw notFound('Region');
      return { region, structureId: query.structureId };
    }
    case 'national_auditor':
    case 'admin':
      return { region: query.region, structureId: query.structureId };
    case 'requester':
      if (!actor.structureId) break;
      if (query.structureId && query.structureId !== actor.structureId) throw forbidden();
      return { structureId: actor.structureId };
  }
  throw forbidden();
}

/** The key a scope's report is cached and shared under. */
export const scopeKey = (scope: ReportScope) => `${scope.region ?? '*'}:${scope.structureId ?? '*'}`;

/** Whether a structure's figures count in the scope (its summary says its region; an unknown one is in no region). */
export function inScope(scope: ReportScope, structureId: string, structure: { region: string } | undefined): boolean {
  if (scope.structureId && structureId !== scope.structureId) return false;
  return !scope.region || structure?.region === scope.region;
}

/** "69 – Rhône", "974 – La Réunion" for any department of France, the bare code for any other. */
export function departmentLabel(code: string): string {
  return DEPARTMENT_NAMES[code] ? `${code} – ${DEPARTMENT_NAMES[code]}` : code;
}

const monthLabels = new Map<string, string>();

/** A month given as 'YYYY-MM', in words: "janvier 2026". */
export function monthLabel(month: string): string {
  let label = monthLabels.get(month);
  if (!label) monthLabels.set(month, (label = DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy')));
  return label;
}
