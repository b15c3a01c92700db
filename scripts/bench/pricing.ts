import { DateTime } from 'luxon';
import { MODALITIES } from '../../shared/enums';
import { priceSession, type SessionToPrice } from '../../server/billing/pricing';
import { publicHoliday } from '../../server/billing/holidays';
import { DEFAULT_TARIFF } from '../../server/billing/tariff';

const DEPARTMENTS = ['69', '38', '42', '63', '01', '57', '67', '68'];
// Distinct sessions priced in turn: every day of 2022-2026 many times over, without a million objects in memory.
const POOL = 65_536;

/** Deterministic sessions: all modalities, every start time from 00:00 to 23:55, 5 to 180 minutes, one in eight on a public holiday. */
function sampleSessions(): SessionToPrice[] {
  const first = DateTime.fromISO('2022-01-01', { zone: 'Europe/Paris' });
  const days = Array.from({ length: first.plus({ years: 5 }).diff(first, 'days').days }, (_, i) => first.plus({ days: i }));
  const holidays = days.filter((day) => publicHoliday(day.toISODate()!, '57')).map((day) => day.toMillis());
  const midnights = days.map((day) => day.toMillis());
  let state = 42;
  // The high bits of the generator: its low bits repeat with a short period.
  const random = (below: number) => Math.floor(((state = (state * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x80000000) * below);
  return Array.from({ length: POOL }, (_, i) => {
    const midnight = i % 8 === 0 ? holidays[random(holidays.length)]! : midnights[random(midnights.length)]!;
    return {
      modality: MODALITIES[i % MODALITIES.length]!,
      start: new Date(midnight + 5 * random(288) * 60_000),
      minutes: 5 + random(176),
      department: DEPARTMENTS[random(DEPARTMENTS.length)]!,
    };
  });
}

function priceAll(sessions: readonly SessionToPrice[], count: number): number {
  let checksumCents = 0;
  for (let i = 0; i < count; i += 1) checksumCents += priceSession(DEFAULT_TARIFF, sessions[i % POOL]!).costCents;
  return checksumCents;
}

/** Prices `count` sessions with the default tariff, after a 50k warm-up; the limit is 2 s for a million. */
export function benchPricing(count = 1_000_000): { count: number; totalMs: number; perCallNs: number; checksumCents: number } {
  const sessions = sampleSessions();
  priceAll(sessions, 50_000);
  const started = performance.now();
  const checksumCents = priceAll(sessions, count);
  const totalMs = performance.now() - started;
  return { count, totalMs, perCallNs: (totalMs * 1e6) / count, checksumCents };
}
