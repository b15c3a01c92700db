import { createAgency } from '../../server/directory/agencies';
import { createInterpreter } from '../../server/directory/interpreters';
import { createStructure } from '../../server/directory/structures';
import { createUser } from '../../server/directory/users';
import type { StructureType } from '../../shared/enums';
import { TEST_PASSWORD } from './app';

let counter = 0;
const unique = (prefix: string) => `${prefix}${(counter += 1)}.${Date.now().toString(36)}@test.test`;

export async function aStructure(overrides: { name?: string; type?: StructureType; department?: string } = {}) {
  return createStructure({ name: 'PASS de test', type: 'PASS', department: '69', ...overrides });
}

export async function anAgency(name = 'Agence de test') {
  return createAgency({ name, departments: ['69', '38'] });
}

/** An auditor audits Auvergne-Rhône-Alpes ('84') unless given another region. */
export async function aUser(role: 'admin' | 'auditor' | 'national_auditor' | 'requester' | 'dispatcher', attach: { structureId?: string; agencyId?: string; region?: string } = {}) {
  return createUser({ email: unique(role), password: TEST_PASSWORD, name: `Test ${role}`, role, ...(role === 'auditor' ? { region: '84' } : {}), ...attach });
}

export async function anInterpreter(agencyId: string, overrides: Record<string, unknown> = {}) {
  return createInterpreter({
    email: unique('interp'),
    password: TEST_PASSWORD,
    name: 'Interprète de test',
    agencyId,
    gender: 'female',
    languages: ['ara'],
    specialties: ['general'],
    modalities: ['phone', 'video', 'onsite'],
    departments: ['69'],
    ...overrides,
  });
}

/** Two structures, two agencies, and one user of every role, attached to the first of each. */
export async function aSmallWorld() {
  const [structure, otherStructure, agency, otherAgency] = await Promise.all([
    aStructure({ name: 'PASS Lyon' }),
    aStructure({ name: 'CDS Grenoble', type: 'CDS', department: '38' }),
    anAgency('Agence A'),
    anAgency('Agence B'),
  ]);
  const [admin, auditor, requester, otherRequester, dispatcher, interpreter, otherInterpreter] = await Promise.all([
    aUser('admin'),
    aUser('auditor'),
    aUser('requester', { structureId: structure.id }),
    aUser('requester', { structureId: otherStructure.id }),
    aUser('dispatcher', { agencyId: agency.id }),
    anInterpreter(agency.id),
    anInterpreter(otherAgency.id, { languages: ['prs'] }),
  ]);
  return { structure, otherStructure, agency, otherAgency, admin, auditor, requester, otherRequester, dispatcher, interpreter, otherInterpreter };
}
