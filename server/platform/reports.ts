import { DateTime } from 'luxon';
import { DEPARTMENT_NAMES } from '../../shared/enums';
import type { Actor } from './actor';
import { forbidden } from './errors';

// What every report shares, so that the usage and access reports read alike: who sees which structure,
// and how groups are labelled in French.

/**
 * The structure a report is limited to, or undefined for the whole region: auditors and admins see the
 * region or the one structure they name; a requester sees their own (403 naming another); others 403.
 */
export function structureScope(actor: Actor, structureId: string | undefined): string | undefined {
  if (actor.role === 'auditor' || actor.role === 'admin') return structureId;
  if (actor.role === 'requester' && actor.structureId) {
    if (structureId && structureId !== actor.structureId) throw forbidden();
    return actor.structureId;
  }
  throw forbidden();
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
