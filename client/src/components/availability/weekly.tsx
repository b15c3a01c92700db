import { zoneLabel } from '../../format';
import { NEW_SLOT, newKey, type DayMode, type DayState } from './form';
import { SlotRows, SmallButton, type Errors } from './rows';

// The weekly template: one fieldset a day, with the day's hours, all day, or unavailable.

export const DAY_NAMES = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const MODES: [DayMode, string][] = [['slots', 'Certains créneaux'], ['allDay', 'Toute la journée'], ['off', 'Indisponible']];

interface WeekProps {
  week: DayState[];
  errors: Errors;
  /** The agency's zone, in which matching reads these hours. */
  zone: string;
  onChange: (week: DayState[]) => void;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Seven day fieldsets; Monday's hours can be copied to the other weekdays in one click. */
export function WeekFieldset({ week, errors, zone, onChange }: WeekProps) {
  const setDay = (day: DayState) => onChange(week.map((d) => (d.weekday === day.weekday ? day : d)));
  const monday = week[0]!;
  const copyMonday = () =>
    onChange(week.map((d) => (d.weekday >= 2 && d.weekday <= 5 ? { ...d, mode: monday.mode, slots: monday.slots.map((s) => ({ ...s, key: newKey() })) } : d)));
  return (
    <fieldset class="editor-part">
      <legend>Semaine type</legend>
      <p class="hint">{capitalised(zoneLabel(zone))}. Plusieurs créneaux par jour sont possibles, par exemple de 09:00 à 12:00 et de 14:00 à 18:00.</p>
      {errors.week && <p class="field-error">{errors.week}</p>}
      <div class="days">
        {week.map((day) => <DayFieldset key={day.weekday} day={day} errors={errors} onChange={setDay} />)}
      </div>
      <SmallButton onClick={copyMonday}>Copier les horaires du lundi sur mardi, mercredi, jeudi et vendredi</SmallButton>
    </fieldset>
  );
}

function DayFieldset({ day, errors, onChange }: { day: DayState; errors: Errors; onChange: (day: DayState) => void }) {
  const name = DAY_NAMES[day.weekday - 1]!;
  const setMode = (mode: DayMode) => onChange({ ...day, mode, slots: mode === 'slots' && day.slots.length === 0 ? [{ key: newKey(), ...NEW_SLOT }] : day.slots });
  return (
    <fieldset class="day" data-weekday={day.weekday}>
      <legend>{name}</legend>
      <div class="choices">
        {MODES.map(([mode, label]) => (
          <label key={mode} class="choice">
            <input type="radio" name={`day-${day.weekday}`} checked={day.mode === mode} onChange={() => setMode(mode)} />
            {label}
          </label>
        ))}
      </div>
      {day.mode === 'slots' && <SlotRows rows={day.slots} context={name.toLowerCase()} errors={errors} onChange={(slots) => onChange({ ...day, slots })} />}
    </fieldset>
  );
}
