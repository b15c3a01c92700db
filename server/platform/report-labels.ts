import { DateTime } from 'luxon';
import { DEPARTMENT_NAMES } from '../../shared/enums';

// How every report labels its groups in French, so that the usage and access reports read alike.

/** "69 – Rhône" for a department of the region, the bare code for any other. */
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
