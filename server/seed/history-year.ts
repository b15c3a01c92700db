import { DateTime } from 'luxon';
import type { Modality, SpecialtyCode, StructureType } from '../../shared/enums';
import { publicHoliday } from '../billing/holidays';
import type { NewEntry } from '../billing/ledger';
import { priceCancellation, priceNoShow, priceSession, type Price } from '../billing/pricing';
import { tariffFor, type Tariff } from '../billing/tariff';
import { BIG_PASS, DAY_HOURS, DEPARTMENT_WEIGHT, LANGUAGES, MODALITY_MIX, SPECIALTY_MIX, TYPE_WEIGHT, UKRAINE_FROM } from './history-data';
import { normal, sample, triangular, weighted } from './random';

// A past year of sessions as plain data, steered onto the brief's 2022 figures (ARS Auvergne-Rhône-Alpes):
// 116 beneficiary structures, 12,031 hours, 632,800 EUR, PASS 53 % of the spend and about 30 % of the
// structures, every session priced by the live pricing code. Pure: the history seed (history.ts) writes
// it through the ledger, the capacity simulator (server/simulation) replays its demand.

export const TARGETS = { structures: 116, hours: 12_031, costCents: 63_280_000, passCostShare: 0.53, envelopeCents: 65_000_000, allocatedShare: 0.95 };

/** Where the year happens: its time zone and the department whose public holidays it keeps. Auvergne-Rhône-Alpes by default. */
export interface Place {
  zone: string;
  department: string;
}
const AUVERGNE_RHONE_ALPES: Place = { zone: 'Europe/Paris', department: '69' };

export interface StructureInput {
  id: string;
  name: string;
  type: string;
  department: string;
}

export interface Beneficiary {
  id: string;
  name: string;
  type: StructureType;
  department: string;
  weight: number;
  /** Day of the year of its first session: a few structures join during the year. */
  debut: number;
}

/** An interpreter a session may go to, with their agency's tariff versions. */
export interface HistoryInterpreter {
  id: string;
  agencyId: string;
  languages: string[];
  modalities: Modality[];
  departments: string[];
  tariffs: Tariff[];
}

/** One generated session, priced. */
export interface GeneratedSession {
  entry: NewEntry;
  start: Date;
  /** Minutes the request asked for. */
  bookedMinutes: number;
  /** For a late cancellation, when it came. */
  cancelledAt?: Date;
  structure: { id: string; name: string; department: string };
  /** The start of each local hour of the session's day, in UTC milliseconds. */
  dayHours: number[];
}

/**
 * The 116 beneficiaries, weighted by type, department and size with some spread: the demo's first
 * (`demoCount` of them, there from the first day), then the others, 15 % of which join during the year.
 */
export function beneficiariesOf(structures: StructureInput[], demoCount: number, random: () => number): Beneficiary[] {
  return structures.map((s, index) => {
    const type = s.type as StructureType;
    const big = type === 'PASS' && BIG_PASS.some((part) => s.name.includes(part)) ? 3 : 1;
    const weight = TYPE_WEIGHT[type] * (DEPARTMENT_WEIGHT[s.department] ?? 1) * big * Math.exp(0.5 * normal(random));
    const debut = index >= demoCount && random() < 0.15 ? 30 + Math.floor(random() * 250) : 0;
    return { id: s.id, name: s.name, type, department: s.department, weight, debut };
  });
}

interface Day {
  index: number;
  date: string;
  weight: number;
  workday: boolean;
  /** Start of each local hour, in UTC milliseconds. */
  hours: number[];
}

/** The year's local days, weighted: weekdays, a trickle on weekends and holidays, August and Christmas lower, slow growth. */
export function daysOf(year: number, place: Place = AUVERGNE_RHONE_ALPES): Day[] {
  const days: Day[] = [];
  for (let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: place.zone }), index = 0; day.year === year; day = day.plus({ days: 1 }), index += 1) {
    const date = day.toISODate()!;
    // A region's departments keep one calendar (Auvergne-Rhône-Alpes's twelve the national one).
    const holiday = publicHoliday(date, place.department) !== undefined;
    let weight = holiday ? 0.04 : day.weekday === 7 ? 0.025 : day.weekday === 6 ? 0.08 : 1;
    if (day.month === 8) weight *= 0.75;
    if (day.month === 12 && day.day >= 24) weight *= 0.6;
    weight *= 0.92 + (0.16 * index) / 365;
    const hours = Array.from({ length: 24 }, (_, hour) => day.set({ hour }).toMillis());
    days.push({ index, date, weight, workday: !holiday && day.weekday <= 5, hours });
  }
  return days;
}

export interface YearToGenerate {
  year: number;
  /** Multiplies the billed hours to reach (and so the sessions). */
  scale: number;
  /** The last local date to generate ('YYYY-MM-DD'). */
  until?: string;
  random: () => number;
  structures: Beneficiary[];
  interpreters: HistoryInterpreter[];
  /** Auvergne-Rhône-Alpes by default. */
  place?: Place;
  /** The languages asked, with their weights (Auvergne-Rhône-Alpes's by default). */
  languages?: Array<[string, number]>;
  /** Starts each entry's key, so that two regions' years never share one ('history:<year>' by default). */
  keyPrefix?: string;
}

export interface YearTotals {
  sessions: number;
  /** Billed minutes. */
  minutes: number;
  cents: number;
  passCents: number;
  /** Cost per structure. */
  consumed: Map<string, number>;
}

/** What yearOfSessions yields: a session, or the end of a month (after its last session). */
export type YearStep = { session: GeneratedSession } | { monthDone: string };

/**
 * Sessions day by day until the billed hours reach the target, steered as they go: each session's
 * structure group keeps the running PASS share of the spend at its target, and its modality keeps the
 * running cost per billed hour near the target's. `totals` grow as the steps are read.
 */
export function yearOfSessions({ year, scale, until, random, structures, interpreters, place, languages: asked = LANGUAGES, keyPrefix = `history:${year}` }: YearToGenerate): { totals: YearTotals; steps: Generator<YearStep> } {
  const targetMinutes = TARGETS.hours * 60 * scale;
  const centsPerMinute = TARGETS.costCents / (TARGETS.hours * 60);
  const consumed = new Map<string, number>();
  const totals: YearTotals = { sessions: 0, minutes: 0, cents: 0, passCents: 0, consumed };
  const groups = { pass: structurePicker(structures.filter((s) => s.type === 'PASS'), random), others: structurePicker(structures.filter((s) => s.type !== 'PASS'), random) };
  const spoken = new Set(interpreters.flatMap((i) => i.languages));
  const languages = asked.filter(([code]) => spoken.has(code));
  const fromMarch = languages.map(([code, w]) => [code, code === 'ukr' ? 7 : w] as [string, number]);
  // Each structure sees its own population: a handful of languages at a small practice, dozens at a big PASS.
  const heaviest = Math.max(...structures.map((s) => s.weight));
  const languagesOf = new Map(structures.map((s) => {
    const own = new Set(sample(fromMarch, Math.round(6 + 24 * Math.sqrt(s.weight / heaviest)), random));
    const pick = (mix: Array<[string, number]>) => weighted(mix.filter(([code]) => own.has(code)), random);
    return [s.id, { beforeMarch: pick(languages), fromMarch: pick(fromMarch) }];
  }));
  const pickHour = weighted(DAY_HOURS, random);
  const specialties = Object.fromEntries(Object.entries(SPECIALTY_MIX).map(([type, mix]) => [type, weighted(mix, random)])) as Record<StructureType, () => SpecialtyCode>;
  const findInterpreter = interpreterFinder(interpreters, random);


  function session(day: Day): GeneratedSession {
    const passShort = totals.passCents < TARGETS.passCostShare * totals.cents;
    const structure = (random() < (passShort ? 0.8 : 0.2) ? groups.pass : groups.others).pick();
    const evening = random() < (day.workday ? 0.03 : 0.12);
    const ownLanguages = languagesOf.get(structure.id)!;
    const language = (day.date >= UKRAINE_FROM ? ownLanguages.fromMarch : ownLanguages.beforeMarch)();
    let modality = evening ? 'phone' : modalityFor(structure.type, totals.cents > centsPerMinute * totals.minutes, random);
    // Sign language cannot be done by phone.
    if (language === 'fsl' && modality === 'phone') modality = 'video';
    let interpreter = findInterpreter(language, modality, structure.department);
    if (!interpreter) {
      modality = 'video';
      interpreter = findInterpreter(language, modality, structure.department)!;
    }
    const step = modality === 'phone' ? 5 : 15;
    const hour = evening ? (random() < 0.7 ? 20 : 21) : pickHour();
    const start = new Date(day.hours[hour]! + Math.floor(random() * (60 / step)) * step * 60_000);
    const tariff = tariffFor(interpreter.tariffs, start);
    const priced = { modality, start, department: structure.department };
    const roll = evening ? 1 : random();
    let kind: NewEntry['kind'] = 'session';
    let worked = 0;
    let booked: number;
    let cancelledAt: Date | undefined;
    let price: Price;
    if (roll < 0.03) {
      kind = 'no_show';
      booked = bookedMinutes(modality, random);
      price = priceNoShow(tariff, { ...priced, durationMinutes: booked });
    } else if (roll < 0.05) {
      kind = 'late_cancellation';
      cancelledAt = new Date(start.getTime() - Math.round((1 + random() * 20) * 60) * 60_000);
      booked = bookedMinutes(modality, random);
      price = priceCancellation(tariff, { ...priced, durationMinutes: booked, cancelledAt, wasAssigned: true })!;
    } else {
      worked = workedMinutes(modality, random);
      price = priceSession(tariff, { ...priced, minutes: worked });
      // What was asked for: the quarter hours the session took.
      booked = Math.max(15, Math.ceil(worked / 15) * 15);
    }
    const entry: NewEntry = {
      key: `${keyPrefix}:${totals.sessions}`,
      kind,
      at: new Date(start.getTime() + worked * 60_000),
      structureId: structure.id,
      agencyId: interpreter.agencyId,
      interpreterId: interpreter.id,
      language,
      modality,
      specialty: specialties[structure.type](),
      day: day.date,
      sessions: 1,
      workedMinutes: worked,
      billedMinutes: price.billedMinutes,
      costCents: price.costCents,
      committedCents: 0,
      tariffVersion: tariff.version,
    };
    totals.sessions += 1;
    totals.minutes += price.billedMinutes;
    totals.cents += price.costCents;
    if (structure.type === 'PASS') totals.passCents += price.costCents;
    consumed.set(structure.id, (consumed.get(structure.id) ?? 0) + price.costCents);
    return { entry, start, bookedMinutes: booked, cancelledAt, structure, dayHours: day.hours };
  }

  function* steps(): Generator<YearStep> {
    const days = daysOf(year, place);
    const totalWeight = days.reduce((sum, day) => sum + day.weight, 0);
    let dayTarget = 0;
    for (const day of days) {
      if (until && day.date > until) break;
      dayTarget = day.index === days.length - 1 ? targetMinutes : dayTarget + (targetMinutes * day.weight) / totalWeight;
      groups.pass.openTo(day.index);
      groups.others.openTo(day.index);
      while (totals.minutes < dayTarget) yield { session: session(day) };
      if (day.date.slice(0, 7) !== days[day.index + 1]?.date.slice(0, 7)) yield { monthDone: day.date.slice(0, 7) };
    }
  }
  return { totals, steps: steps() };
}

function modalityFor(type: StructureType, tooDear: boolean, random: () => number): Modality {
  const [phone, video, onsite] = MODALITY_MIX[type];
  // Phone is the cheapest hour, on site the dearest: lean one way or the other to hold the average.
  const p = phone * (tooDear ? 2 : 0.5);
  const o = onsite * (tooDear ? 0.5 : 2);
  const r = random() * (p + video + o);
  return r < p ? 'phone' : r < p + video ? 'video' : 'onsite';
}

/** Minutes really worked: phone short, on site long, video between. */
function workedMinutes(modality: Modality, random: () => number): number {
  if (modality === 'phone') return Math.round(triangular(random, 5, 15, 50));
  if (modality === 'video') return Math.round(triangular(random, 20, 40, 80));
  return Math.round(triangular(random, 40, 70, 150));
}

function bookedMinutes(modality: Modality, random: () => number): number {
  if (modality === 'phone') return 30;
  if (modality === 'video') return 45;
  return [60, 90, 120][Math.floor(random() * 3)]!;
}

/** Picks within a group by weight, each structure's first session on its debut day or the first day after. */
function structurePicker(members: Beneficiary[], random: () => number) {
  const waiting = [...members].sort((a, b) => a.debut - b.debut);
  const open: Beneficiary[] = [];
  const unused: Beneficiary[] = [];
  let pickOpen = () => open[0]!;
  return {
    openTo(dayIndex: number) {
      if (!(waiting[0] && waiting[0].debut <= dayIndex)) return;
      while (waiting[0] && waiting[0].debut <= dayIndex) {
        open.push(waiting[0]);
        unused.push(waiting.shift()!);
      }
      pickOpen = weighted(open.map((s) => [s, s.weight] as [Beneficiary, number]), random);
    },
    pick(): Beneficiary {
      if (unused.length > 0) return unused.splice(Math.floor(random() * unused.length), 1)[0]!;
      return pickOpen();
    },
  };
}

/** A demo interpreter who speaks the language and works in the modality; on site, one covering the department when there is one. */
function interpreterFinder(interpreters: HistoryInterpreter[], random: () => number) {
  const cache = new Map<string, HistoryInterpreter[]>();
  return (language: string, modality: Modality, department: string): HistoryInterpreter | undefined => {
    const key = `${language}|${modality}|${department}`;
    let candidates = cache.get(key);
    if (!candidates) {
      candidates = interpreters.filter((i) => i.languages.includes(language) && i.modalities.includes(modality));
      const near = candidates.filter((i) => i.departments.includes(department));
      if (modality === 'onsite' && near.length > 0) candidates = near;
      cache.set(key, candidates);
    }
    return candidates.length > 0 ? candidates[Math.floor(random() * candidates.length)] : undefined;
  };
}
