import { DateTime } from 'luxon';
import { PARIS_ZONE, type DatedException, type TimeRange, type WeeklySlot } from '../../../../shared/availability';
import { DEFAULT_REGION_CODE } from '../../../../shared/enums';
import { regionByCode, type Department } from '../../../../shared/regions';
import type { AvailabilityUpdateBody } from '../../../../shared/schemas/directory';
import type { InterpreterView } from '../../types';

// The availability editor's state, as a person sees it (days, absences as date ranges, extra hours on
// a date), and the body the API takes, with where each body field sits in the form for its errors.

/**
 * The departments offered as boxes for on-site sessions: those of the agency's home region (974 for La
 * Réunion's); the default region's for an agency without departments. Others are typed.
 */
export const homeDepartments = (profile: Pick<InterpreterView, 'region'>): readonly Department[] =>
  (regionByCode(profile.region ?? '') ?? regionByCode(DEFAULT_REGION_CODE)!).departments;

export type DayMode = 'slots' | 'allDay' | 'off';
export interface SlotRow { key: number; from: string; to: string }
export interface DayState { weekday: number; mode: DayMode; slots: SlotRow[] }
export interface AbsenceRow { key: number; from: string; to: string }
export interface ExtraDayRow { key: number; date: string; slots: SlotRow[] }

export interface AvailabilityForm {
  week: DayState[];
  absences: AbsenceRow[];
  extraDays: ExtraDayRow[];
  regionDepartments: string[];
  /** Other departments, typed as numbers separated by commas or spaces. */
  otherDepartments: string;
  travelBufferMinutes: string;
  phone: string;
  videoLink: string;
}

/** Form places of errors: `slot.<key>[.from|.to]`, `absence.<key>[.from|.to]`, `extra.<key>.date`, or a field name. */
export type Place = string;

let lastKey = 0;
/** A key for a new row, unique in the page (rows keep it while others come and go). */
export const newKey = () => (lastKey += 1);

const ALL_DAY = { from: '00:00', to: '24:00' };
/** What a new row of hours proposes. */
export const NEW_SLOT = { from: '09:00', to: '17:00' };

const slotRows = (slots: readonly TimeRange[]): SlotRow[] => [...slots].sort((a, b) => a.from.localeCompare(b.from)).map((s) => ({ key: newKey(), from: s.from, to: s.to }));
const dayAfter = (date: string) => DateTime.fromISO(date, { zone: PARIS_ZONE }).plus({ days: 1 }).toISODate()!;

/** The form for a stored profile; exceptions before `today` (YYYY-MM-DD, Paris) are left out, as the server drops them. */
export function formOf(profile: InterpreterView, today: string): AvailabilityForm {
  const week = [1, 2, 3, 4, 5, 6, 7].map((weekday): DayState => {
    const slots = profile.availability.filter((slot) => slot.weekday === weekday);
    if (slots.length === 0) return { weekday, mode: 'off', slots: [] };
    if (slots.length === 1 && slots[0]!.from === ALL_DAY.from && slots[0]!.to === ALL_DAY.to) return { weekday, mode: 'allDay', slots: [] };
    return { weekday, mode: 'slots', slots: slotRows(slots) };
  });
  const upcoming = profile.exceptions.filter((e) => e.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  const absences: AbsenceRow[] = [];
  for (const { date } of upcoming.filter((e) => e.slots.length === 0)) {
    const last = absences[absences.length - 1];
    // Consecutive days off read as one absence, "du 24 au 31 décembre".
    if (last && dayAfter(last.to) === date) last.to = date;
    else absences.push({ key: newKey(), from: date, to: date });
  }
  const region = new Set(homeDepartments(profile).map((d) => d.code));
  return {
    week,
    absences,
    extraDays: upcoming.filter((e) => e.slots.length > 0).map((e) => ({ key: newKey(), date: e.date, slots: slotRows(e.slots) })),
    regionDepartments: profile.departments.filter((d) => region.has(d)),
    otherDepartments: profile.departments.filter((d) => !region.has(d)).join(', '),
    travelBufferMinutes: String(profile.travelBufferMinutes ?? ''),
    phone: profile.phone ?? '',
    videoLink: profile.videoLink ?? '',
  };
}

/** "9", "9h", "9h30", "9:30", "0930" and "24h" as "HH:mm"; anything else unchanged, for the schema to refuse. */
export function normaliseClock(text: string): string {
  const match = /^\s*(\d{1,2})(?:\s*[h:.]\s*(\d{2})?|(\d{2}))?\s*$/i.exec(text);
  if (!match) return text.trim();
  return `${match[1]!.padStart(2, '0')}:${match[2] ?? match[3] ?? '00'}`;
}

export interface BuiltBody {
  body: AvailabilityUpdateBody;
  /** Body field (`exceptions.3`, `availability.0`) -> form place; the longest known prefix of an error's field wins. */
  places: Map<string, Place>;
  /** What the body cannot express: a missing date, an absence ending before it starts or in the past. */
  formErrors: Record<Place, string>;
}

/**
 * The body for `PATCH /api/interpreters/me` (or `/:id/availability`): the whole template, every
 * upcoming exception (each absence expanded to one exception per date, sorted by date), departments,
 * travel buffer, and contact details (`null` when emptied, which removes them).
 */
export function bodyOf(form: AvailabilityForm, today: string): BuiltBody {
  const places = new Map<string, Place>();
  const formErrors: Record<Place, string> = {};
  const availability: WeeklySlot[] = [];
  for (const day of form.week) {
    if (day.mode === 'allDay') availability.push({ weekday: day.weekday, ...ALL_DAY });
    if (day.mode !== 'slots') continue;
    for (const row of day.slots) {
      places.set(`availability.${availability.length}`, `slot.${row.key}`);
      availability.push({ weekday: day.weekday, from: normaliseClock(row.from), to: normaliseClock(row.to) });
    }
  }
  places.set('availability', 'week');

  const dated: { exception: DatedException; place: Place; slotPlaces: Place[] }[] = [];
  for (const row of form.absences) {
    const place = `absence.${row.key}`;
    const to = row.to || row.from;
    if (!row.from) formErrors[`${place}.from`] = 'Indiquez le premier jour de l’absence.';
    else if (row.from < today) formErrors[`${place}.from`] = 'Cette date est passée.';
    else if (to < row.from) formErrors[`${place}.to`] = 'Le dernier jour est avant le premier.';
    else {
      // One exception per day off; the schema's bound on the list says when a range is too long.
      for (let date = row.from, n = 0; date <= to && n <= 400; date = dayAfter(date), n += 1) dated.push({ exception: { date, slots: [] }, place, slotPlaces: [] });
    }
  }
  for (const row of form.extraDays) {
    const place = `extra.${row.key}`;
    if (!row.date) formErrors[`${place}.date`] = 'Indiquez la date.';
    else if (row.date < today) formErrors[`${place}.date`] = 'Cette date est passée.';
    else if (row.slots.length === 0) formErrors[`${place}.date`] = 'Ajoutez au moins un créneau, ou déclarez une absence ce jour-là.';
    else {
      const slots = row.slots.map((slot) => ({ from: normaliseClock(slot.from), to: normaliseClock(slot.to) }));
      dated.push({ exception: { date: row.date, slots }, place: `${place}.date`, slotPlaces: row.slots.map((slot) => `slot.${slot.key}`) });
    }
  }
  dated.sort((a, b) => a.exception.date.localeCompare(b.exception.date));
  dated.forEach(({ place, slotPlaces }, index) => {
    places.set(`exceptions.${index}`, place);
    places.set(`exceptions.${index}.date`, place);
    places.set(`exceptions.${index}.slots`, place);
    slotPlaces.forEach((slotPlace, slotIndex) => places.set(`exceptions.${index}.slots.${slotIndex}`, slotPlace));
  });
  places.set('exceptions', 'exceptions');

  // In code order, as the boxes are.
  const departments: string[] = [...form.regionDepartments].sort();
  for (const typed of form.otherDepartments.split(/[\s,;]+/).filter(Boolean).map((d) => d.toUpperCase())) {
    if (!departments.includes(typed)) departments.push(typed);
  }
  departments.forEach((_d, index) => places.set(`departments.${index}`, index < form.regionDepartments.length ? 'departments' : 'otherDepartments'));

  const buffer = form.travelBufferMinutes.trim();
  const body = {
    availability,
    exceptions: dated.map((d) => d.exception),
    departments,
    // A number when it is one; otherwise the text, for the schema to say what it expects.
    travelBufferMinutes: /^\d+$/.test(buffer) ? Number(buffer) : buffer,
    phone: form.phone.trim() || null,
    videoLink: form.videoLink.trim() || null,
  } as AvailabilityUpdateBody;
  return { body, places, formErrors };
}

/** Where an error on a body field goes in the form: the longest known prefix, with the rest of the field appended. */
export function placeOf(field: string, places: Map<string, Place>): Place {
  const parts = field.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const place = places.get(parts.slice(0, length).join('.'));
    if (place !== undefined) {
      const rest = parts.slice(length).join('.');
      // Absences and dates are one place, whatever part of them is wrong.
      return rest && place.startsWith('slot.') ? `${place}.${rest}` : place;
    }
  }
  return field;
}
