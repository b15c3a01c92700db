import Holidays from 'date-holidays';

/**
 * The departments whose calendar differs from the national one, and date-holidays' state of France that
 * holds it. Moselle, Bas-Rhin and Haut-Rhin kept Good Friday and 26 December from their pre-1918 local
 * law; each overseas department has its day of the abolition of slavery (Guadeloupe and Martinique also
 * Good Friday). date-holidays also has these as countries (GP, MQ, GF, RE, YT), with the same public days.
 */
const OWN_CALENDARS: Record<string, string> = {
  '57': '57',
  '67': '67',
  '68': '68',
  '971': 'GP',
  '972': 'MQ',
  '973': 'GF',
  '974': 'RE',
  '976': 'YT',
};

/** Public holidays by calendar ('' for the national one, else the state of France) and year: date -> name. */
const calendars = new Map<string, Map<string, string>>();

/**
 * The public-holiday name of a local date 'YYYY-MM-DD' in a department, else undefined. The date is read
 * in the department's own time zone (shared/regions.ts: 20 December in La Réunion is Indian/Reunion's
 * 20 December), not Paris's. Alsace-Moselle (57, 67, 68) and the overseas departments (971-974, 976)
 * have their own days; any other code, known or not, gets the national calendar.
 */
export function publicHoliday(localDate: string, department: string): string | undefined {
  const calendar = OWN_CALENDARS[department] ?? '';
  const year = localDate.slice(0, 4);
  const key = `${calendar}:${year}`;
  let days = calendars.get(key);
  if (!days) {
    days = holidaysOf(Number(year), calendar);
    calendars.set(key, days);
  }
  return days.get(localDate);
}

function holidaysOf(year: number, calendar: string): Map<string, string> {
  const source = calendar ? new Holidays('FR', calendar) : new Holidays('FR');
  // Observances such as Whit Sunday or Mothers' Day are listed too, but are not days off.
  const days = source.getHolidays(year, 'fr').filter((holiday) => holiday.type === 'public');
  return new Map(days.map((holiday) => [holiday.date.slice(0, 10), holiday.name]));
}
