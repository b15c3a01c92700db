import { DateTime } from 'luxon';
import { SPECIALTIES } from '../../shared/enums';
import { PARIS_ZONE } from '../../shared/paris-time';
import { regionByCode } from '../../shared/regions';
import type { QualificationsReport, QualificationsReportRow } from '../../shared/reports';
import { holdsOn } from '../matching/eligibility';
import { auditorRegion, type Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import { regionAgencyIds } from './agencies';
import { findLanguage } from './languages';
import { listQualifications, requiredAmong } from './qualifications';
import { users } from './store';
import { heldQualifications } from './views';

/** How far ahead an expiry is counted as coming (the "within 90 days"). */
export const EXPIRY_HORIZON_DAYS = 90;


/**
 * The auditor's view of qualifications: by language and specialty that active interpreters declare or
 * hold a qualification for (matching offers a specialty's requests to anyone holding what it requires),
 * how many there are, how many hold what the catalogue requires on `today` (in the region's zone) and how
 * many of those lose it within 90 days. An auditor sees the interpreters of the agencies working in their
 * region; national auditors and admins, every one. Rows by French language name, then specialty order.
 * Shape: `{ date: 'YYYY-MM-DD', horizonDays: 90, rows: QualificationsReportRow[] }`. Errors: 403 for other roles.
 */
export async function qualificationsReport(actor: Actor, now = new Date()): Promise<QualificationsReport> {
  if (actor.role !== 'auditor' && actor.role !== 'national_auditor' && actor.role !== 'admin') throw forbidden();
  const region = actor.role === 'auditor' ? auditorRegion(actor) : undefined;
  const zone = (region && regionByCode(region)?.timeZone) || PARIS_ZONE;
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const horizon = DateTime.fromISO(today).plus({ days: EXPIRY_HORIZON_DAYS }).toISODate()!;
  const agencyIds = region ? [...(await regionAgencyIds(region))] : undefined;
  const [catalogue, docs] = await Promise.all([
    listQualifications(),
    users.find({ role: 'interpreter', active: true, ...(agencyIds ? { agencyId: { $in: agencyIds } } : {}) }),
  ]);
  const rows = new Map<string, QualificationsReportRow>();
  for (const doc of docs) {
    const held = heldQualifications(doc.interpreter);
    const heldCodes = new Set(held.map((q) => q.code));
    for (const language of doc.interpreter?.languages ?? []) {
      // Matching offers a specialty's requests to whoever holds what it requires, declared or not: what the
      // specialty itself requires (a language's own requirement, the LSF diploma, makes no specialty's row).
      const holdingFor = SPECIALTIES.filter((s) => requiredAmong(catalogue, s.code, language).some((q) => q.requiredFor.specialties.includes(s.code) && heldCodes.has(q.code))).map((s) => s.code);
      for (const specialty of new Set([...(doc.interpreter?.specialties ?? []), ...holdingFor])) {
        const key = `${language}:${specialty}`;
        let row = rows.get(key);
        if (!row) {
          const required = requiredAmong(catalogue, specialty, language).map((q) => q.code);
          row = { language, languageName: findLanguage(language)?.name ?? language, specialty, specialtyName: SPECIALTIES.find((s) => s.code === specialty)?.name ?? specialty, required, interpreters: 0, qualified: 0, expiringSoon: 0 };
          rows.set(key, row);
        }
        row.interpreters += 1;
        const valid = row.required.map((code) => holdsOn(held, code, today));
        if (valid.some((q) => q === undefined)) continue;
        row.qualified += 1;
        if (valid.some((q) => q?.validUntil !== undefined && q.validUntil <= horizon)) row.expiringSoon += 1;
      }
    }
  }
  const order = (code: string) => SPECIALTIES.findIndex((s) => s.code === code);
  const sorted = [...rows.values()].sort((a, b) => a.languageName.localeCompare(b.languageName, 'fr') || order(a.specialty) - order(b.specialty));
  return { date: today, horizonDays: EXPIRY_HORIZON_DAYS, rows: sorted };
}
