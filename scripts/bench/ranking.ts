import { DateTime } from 'luxon';
import { findCandidates } from '../../server/matching';
import type { Booking, InterpreterProfile, MatchingContext, RequestToMatch } from '../../server/matching/types';
import { REGION_DEPARTMENTS } from '../../shared/enums';
import { stats } from './harness';

const LANGUAGES = ['ara', 'prs', 'pus', 'tir', 'sqi', 'kat', 'rus', 'ron', 'ben', 'fsl', 'eng', 'spa', 'tur', 'urd', 'fas'];
const SPECIALTIES = ['general', 'mental_health', 'psycho_trauma', 'perinatal', 'paediatrics'];

/** A deterministic pseudo-random stream, so that every run ranks the same population. */
function rng(seed: number) {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
}

export function population(count: number, start: Date, everyoneSpeaks?: string) {
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const profiles: InterpreterProfile[] = [];
  const agendas = new Map<string, Booking[]>();
  const recentMinutes = new Map<string, number>();
  const continuity = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const id = i.toString(16).padStart(24, '0');
    profiles.push({
      id,
      name: `Interprète ${i}`,
      agencyId: `agency${i % 3}`,
      active: random() > 0.02,
      gender: random() > 0.5 ? 'female' : 'male',
      languages: everyoneSpeaks ? [everyoneSpeaks, pick(LANGUAGES)] : i % 4 === 0 ? ['ara', pick(LANGUAGES)] : [pick(LANGUAGES), pick(LANGUAGES), pick(LANGUAGES)],
      specialties: [pick(SPECIALTIES), 'general'],
      modalities: random() > 0.3 ? ['phone', 'video', 'onsite'] : ['phone', 'video'],
      departments: [pick(REGION_DEPARTMENTS), pick(REGION_DEPARTMENTS), '69'],
      travelBufferMinutes: 30,
      availability: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [{ weekday, from: '08:00', to: '12:30' }, { weekday, from: '13:30', to: '19:00' }]),
      exceptions: random() > 0.9 ? [{ date: DateTime.fromJSDate(start, { zone: 'Europe/Paris' }).toISODate()!, slots: [] }] : [],
    });
    agendas.set(
      id,
      Array.from({ length: 4 }, (_, k) => {
        // Jobs around the request's time, some of them close enough to clash with it.
        const s = new Date(start.getTime() + (k - 2) * 3 * 3600_000 + (90 + Math.floor(random() * 60)) * 60_000);
        return { requestId: `r${i}-${k}`, start: s, end: new Date(s.getTime() + 60 * 60_000), modality: k % 2 ? 'onsite' : 'phone', department: '69' };
      }),
    );
    recentMinutes.set(id, Math.floor(random() * 2000));
    if (random() > 0.97) continuity.set(id, 1 + Math.floor(random() * 3));
  }
  const context: MatchingContext = { agendas, recentMinutes, continuity, agencyHourlyCents: new Map([['agency0', 5200], ['agency1', 5400], ['agency2', 5000]]) };
  return { profiles, context };
}

/**
 * Ranks 5,000 interpreters for one request, as `findCandidates` does on every wave: an on-site Arabic
 * request (a quarter speak Arabic), or, as the worst case, a phone request everybody could take.
 */
export function benchRanking(scenario: 'onsite' | 'everyone', count = 5000, runs = 300) {
  const start = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  const { profiles, context } = population(count, start, scenario === 'everyone' ? 'ara' : undefined);
  const request: RequestToMatch = {
    id: 'bench-request',
    structureId: 's1',
    language: 'ara',
    modality: scenario === 'everyone' ? 'phone' : 'onsite',
    start,
    end: new Date(start.getTime() + 90 * 60_000),
    specialty: 'mental_health',
    department: '69',
    patientRef: 'AB-1',
  };
  let eligible = 0;
  // A server ranks all day long: measure the JIT-compiled code, after a warm-up like the first minutes of traffic.
  for (let i = 0; i < 500; i += 1) eligible = findCandidates(request, profiles, context).ranked.length;
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    findCandidates(request, profiles, context);
    samples.push(performance.now() - t);
  }
  return { count, eligible, timing: stats(samples) };
}
