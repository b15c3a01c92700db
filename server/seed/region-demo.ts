import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { regionByCode } from '../../shared/regions';
import { createAgency } from '../directory/agencies';
import { parisToday } from '../../shared/availability';
import { createInterpreter } from '../directory/interpreters';
import { demoQualifications } from './demo-directory';
import { createStructure } from '../directory/structures';
import { createUser, findUserByEmail } from '../directory/users';
import { DEMO_PASSWORD, ensureDemoAdmin, hasDemo, holdsNonDemoUsers, seedDemo, seedDemoIfEmpty } from './demo-data';
import { defaultDemoCall, type DemoCallCast } from './demo-call';
import { seedHistory, seedRegionHistory } from './history';
import { regionDemo, type RegionDemo } from './region-demo-directory';

// Adds a region's demo to a database: Auvergne-Rhône-Alpes's (demo-data.ts) or any other region's
// (region-demo-directory.ts), side by side with the demos already there, never beside real accounts.

/** The national auditor shared by every region's demo: reads every region side by side. */
export const NATIONAL_DEMO_AUDITOR = { email: 'national@demo.test', password: DEMO_PASSWORD, name: 'Inspection nationale', role: 'national_auditor' } as const;

export class DemoRefused extends Error {}

export interface AddDemoOptions {
  /** Also this year's usage up to yesterday (in the region's zone) with its budget; else only the budget (default false). */
  history?: boolean;
  now?: Date;
  log?: (message: string) => void;
}

/**
 * Adds the demo of region `code` ('84' the default one) unless it is there; returns whether it did.
 * Errors: DemoRefused for a code that is no region, or a database holding accounts that are not demo ones.
 */
export async function addDemo(code: string, { history = false, now = new Date(), log = () => {} }: AddDemoOptions = {}): Promise<boolean> {
  if (!regionByCode(code)) throw new DemoRefused(`unknown region code "${code}": use an INSEE region code such as 84, 76, 52 or 04`);
  if (await hasDemo(code)) return false;
  if (await holdsNonDemoUsers()) throw new DemoRefused('this database already holds non-demo users: refusing to add demo accounts to it');
  if (code === DEFAULT_REGION_CODE) {
    await seedDemo();
    return true;
  }
  const demo = regionDemo(code)!;
  await seedRegionDirectory(demo);
  log(`demo of ${demo.region.name}: ${demo.structures.length} structures, ${demo.agencies.length} agencies, ${demo.interpreters.length} interpreters`);
  const yesterday = DateTime.fromJSDate(now, { zone: demo.region.timeZone }).minus({ days: 1 });
  const year = DateTime.fromJSDate(now, { zone: demo.region.timeZone }).year;
  // Without history (or on the 1st of January), the budget alone: `until` before the year's first day.
  const until = history && yesterday.year === year ? yesterday.toISODate()! : `${year - 1}-12-31`;
  const summary = await seedRegionHistory({ region: code, auditorEmail: demo.auditor.email, year, until, log });
  log(`history ${year} of ${demo.region.name} up to ${until}: ${summary.sessions} sessions, ${summary.euros.toFixed(2)} EUR, `
    + `${summary.requests.requests} requests; budget set; in ${summary.seconds.toFixed(1)} s`);
  return true;
}

/**
 * The start's demo, in the embedded database only: on an empty one, Auvergne-Rhône-Alpes's with this
 * year's usage so far; with DEMO_REGION, that region's, added beside the demos already there. Returns
 * who its demo call brings together (booked once dispatch runs), or undefined when nothing was seeded.
 */
export async function seedDemoAtStart(code: string, logger: Logger, now = new Date()): Promise<DemoCallCast | undefined> {
  const log = (message: string) => logger.info(message);
  if (code === DEFAULT_REGION_CODE) {
    if (!(await seedDemoIfEmpty(logger))) return undefined;
    // This year's usage so far, with its budget, so that the auditor's figures are not all zero.
    const yesterday = DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).minus({ days: 1 });
    if (yesterday.year === DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).year) await seedHistory({ year: yesterday.year, until: yesterday.toISODate()!, log });
    return defaultDemoCall();
  }
  try {
    return (await addDemo(code, { history: true, now, log })) ? regionDemoCall(code) : undefined;
  } catch (error) {
    if (!(error instanceof DemoRefused)) throw error;
    logger.warn(`DEMO_REGION=${code}: ${error.message}`);
    return undefined;
  }
}

/** The accounts shared by every region's demo: the administrator and the national auditor, unless there already. */
async function ensureSharedAccounts(): Promise<void> {
  await ensureDemoAdmin();
  if (!(await findUserByEmail(NATIONAL_DEMO_AUDITOR.email))) await createUser(NATIONAL_DEMO_AUDITOR);
}

async function seedRegionDirectory(demo: RegionDemo): Promise<void> {
  const agencies = await Promise.all(demo.agencies.map((agency) => createAgency(agency)));
  const structures = await Promise.all(demo.structures.map(({ name, type, department }) => createStructure({ name, type, department })));
  const accounts: Promise<unknown>[] = [
    ensureSharedAccounts(),
    createUser({ ...demo.auditor, password: DEMO_PASSWORD, role: 'auditor', region: demo.region.code }),
    ...demo.dispatchers.map(({ agencyIndex, ...dispatcher }) => createUser({ ...dispatcher, password: DEMO_PASSWORD, role: 'dispatcher', agencyId: agencies[agencyIndex]!.id })),
    ...demo.structures.map((structure, index) => createUser({
      email: structure.email,
      password: DEMO_PASSWORD,
      name: `Équipe ${structure.name}`,
      role: 'requester',
      structureId: structures[index]!.id,
      ...(structure.referent ? { referent: true } : {}),
      // ARCEP's range for fiction (01 99 00 ..), as the default demo's.
      phone: `+33 1 99 00 ${String(index).padStart(2, '0')} ${demo.region.code.slice(-2)}`,
    })),
    ...demo.interpreters.map(({ number, agencyIndex, email, ...profile }, index) => createInterpreter({
      email,
      password: DEMO_PASSWORD,
      agencyId: agencies[agencyIndex]!.id,
      ...profile,
      // What their specialties and languages require, as the default demo's (some expiring soon).
      qualifications: demoQualifications(profile, index, parisToday(new Date())),
      phone: `+33 6 ${number} ${demo.region.code.slice(-2)} 20 30`,
      videoLink: `https://visio.demo.test/salle/${email.split('@')[0]}`,
    })),
  ];
  await Promise.all(accounts);
}

/** Who the demo call of region `code` brings together: its first PASS and its interpreter on duty around the clock. */
export function regionDemoCall(code: string): DemoCallCast {
  if (code === DEFAULT_REGION_CODE) return defaultDemoCall();
  const demo = regionDemo(code)!;
  const onDuty = demo.interpreters[0]!;
  return {
    label: demo.structures[0]!.name,
    requesterEmail: demo.structures[0]!.email,
    dispatcherEmail: demo.dispatchers[0]!.email,
    language: onDuty.languages[0]!,
    interpreterEmails: demo.interpreters.filter((i) => i.agencyIndex === 0 && i.languages.includes(onDuty.languages[0]!) && i.modalities.includes('video')).map((i) => i.email),
  };
}
