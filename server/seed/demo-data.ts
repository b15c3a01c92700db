import type { Logger } from 'pino';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { createAgency } from '../directory/agencies';
import { createInterpreter } from '../directory/interpreters';
import { createStructure } from '../directory/structures';
import { parisToday } from '../../shared/availability';
import { regionByCode } from '../../shared/regions';
import { countUsers, countUsersOutside, createUser, findUserByEmail } from '../directory/users';
import { DEMO_AGENCIES, DEMO_COUNTS, DEMO_STRUCTURES, demoInterpreters, demoQualifications } from './demo-directory';
import { demoAuditorEmail } from './region-demo-directory';

// Writes the demo directory (demo-directory.ts) through the directory's use cases.

export const DEMO_PASSWORD = 'demo-demo-demo';
/** Every demo account's address ends so; the seeds add demos only to a database whose accounts all do. */
export const DEMO_DOMAIN = '@demo.test';
const ADMIN = { email: 'admin@demo.test', password: DEMO_PASSWORD, name: 'Administratrice plateforme', role: 'admin' } as const;

/** Whether the demo of region `code` (Auvergne-Rhône-Alpes's by default) is in the database: its auditor is. */
export async function hasDemo(code = DEFAULT_REGION_CODE): Promise<boolean> {
  return (await findUserByEmail(demoAuditorEmail(regionByCode(code)!))) !== undefined;
}

/** Whether the database holds accounts that are not demo accounts (a real deployment's). */
export async function holdsNonDemoUsers(): Promise<boolean> {
  return (await countUsersOutside(DEMO_DOMAIN)) > 0;
}

/** The administrator shared by every region's demo, unless an earlier demo made them. */
export async function ensureDemoAdmin(): Promise<void> {
  if (!(await findUserByEmail(ADMIN.email))) await createUser(ADMIN);
}
export { DEMO_COUNTS };
export { mulberry32 } from './random';

const slug = (key: string) => key.replace(/(\D+)(\d+)/, '$1.$2');

export async function seedDemo(logger?: Logger, now = new Date()): Promise<void> {
  const today = parisToday(now);
  const agencies: { id: string }[] = [];
  for (const agency of DEMO_AGENCIES) agencies.push(await createAgency(agency));

  const structureIds = new Map<string, string>();
  for (const { key, name, type, department } of DEMO_STRUCTURES) {
    structureIds.set(key, (await createStructure({ name, type, department })).id);
  }

  const accounts: Promise<unknown>[] = [
    ensureDemoAdmin(),
    createUser({ email: 'ars@demo.test', password: DEMO_PASSWORD, name: 'Auditeur ARS Auvergne-Rhône-Alpes', role: 'auditor', region: DEFAULT_REGION_CODE }),
    createUser({ email: 'dispatch@demo.test', password: DEMO_PASSWORD, name: 'Régulation ISARA', role: 'dispatcher', agencyId: agencies[0]!.id }),
    createUser({ email: 'dispatch.alpes@demo.test', password: DEMO_PASSWORD, name: 'Régulation AIM', role: 'dispatcher', agencyId: agencies[1]!.id }),
  ];
  DEMO_STRUCTURES.forEach((structure, index) => {
    accounts.push(
      createUser({
        email: structure.email ?? `${slug(structure.key)}@demo.test`,
        password: DEMO_PASSWORD,
        name: `Équipe ${structure.name}`,
        role: 'requester',
        structureId: structureIds.get(structure.key)!,
        // The named demo accounts manage their structure's team ("Mon équipe").
        ...(structure.email ? { referent: true } : {}),
        // A number of the range ARCEP keeps for fiction (01 99 00 ..), which prefills the call's callback number.
        phone: `+33 1 99 00 ${String(index).padStart(2, '0')} 00`,
      }),
    );
  });

  demoInterpreters().forEach(({ number, agencyIndex, ...profile }, index) => {
    accounts.push(
      createInterpreter({
        email: `interp${number}@demo.test`,
        password: DEMO_PASSWORD,
        agencyId: agencies[agencyIndex]!.id,
        ...profile,
        qualifications: demoQualifications(profile, index, today),
        phone: `+33 6 ${number} ${String(10 + index).padStart(2, '0')} 20 30`,
        videoLink: `https://visio.demo.test/salle/interp${number}`,
      }),
    );
  });
  await Promise.all(accounts);
  logger?.info({ structures: DEMO_COUNTS.structures, agencies: DEMO_COUNTS.agencies, interpreters: DEMO_COUNTS.interpreters }, 'demo directory seeded');
}

/** Seeds only a database with no user at all; returns whether it did. */
export async function seedDemoIfEmpty(logger?: Logger): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  await seedDemo(logger);
  return true;
}
