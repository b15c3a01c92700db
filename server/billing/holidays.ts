import Holidays from 'date-holidays';

// Moselle, Bas-Rhin and Haut-Rhin kept Good Friday and 26 December from their pre-1918 local law.
const ALSACE_MOSELLE = new Set(['57', '67', '68']);

/** Public holidays by calendar ('' for the national one, else the department) and year: date -> name. */
const calendars = new Map<string, Map<string, string>>();

/** The public-holiday name on a Paris local date 'YYYY-MM-DD' in a department ('57','67','68' also get Good Friday and 26 December), else undefined. */
export function publicHoliday(localDate: string, department: string): string | undefined {
  const region = ALSACE_MOSELLE.has(department) ? department : '';
  const year = localDate.slice(0, 4);
  const key = `${region}:${year}`;
  let days = calendars.get(key);
  if (!days) {
    days = holidaysOf(Number(year), region);
    calendars.set(key, days);
  }
  return days.get(localDate);
}

function holidaysOf(year: number, region: string): Map<string, string> {
  const source = region ? new Holidays('FR', region) : new Holidays('FR');
  // Observances such as Whit Sunday or Mothers' Day are listed too, but are not days off.
  const days = source.getHolidays(year, 'fr').filter((holiday) => holiday.type === 'public');
  return new Map(days.map((holiday) => [holiday.date.slice(0, 10), holiday.name]));
}
