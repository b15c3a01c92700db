import { Router } from 'express';
import {
  agencyCreateBody,
  agencyListQuery,
  agencyUpdateBody,
  availabilityUpdateBody,
  interpreterDeactivateQuery,
  interpreterListQuery,
  interpreterUpdateBody,
  languageSearchQuery,
  qualificationsUpdateBody,
  qualificationUpdateBody,
  structureCreateBody,
  structureListQuery,
  structureUpdateBody,
  userListQuery,
  userUpdateBody,
} from '../../shared/schemas/directory';
import { unauthorized } from '../platform/errors';
import { route } from '../platform/routing';
import * as agencies from './agencies';
import * as interpreters from './interpreters';
import { listQualifications, putQualification } from './qualifications';
import { qualificationsReport } from './qualifications-report';
import { ratingsSummary } from './records';
import { listSpecialties, searchLanguages } from './languages';
import * as structures from './structures';
import * as users from './users';

const ADMIN = ['admin'] as const;
const STAFF = ['admin', 'auditor', 'national_auditor', 'requester'] as const;
const AGENCY_READERS = ['admin', 'auditor', 'dispatcher', 'interpreter'] as const;
const INTERPRETER_READERS = ['admin', 'auditor', 'dispatcher', 'interpreter'] as const;
const DIRECTORY_READERS = ['admin', 'auditor'] as const;
const QUALIFICATION_KEEPERS = ['admin', 'auditor'] as const;

export function directoryRouter(): Router {
  const router = Router();
  const tag = 'directory';

  route(router, { method: 'get', path: '/api/structures', summary: 'List structures (a requester sees their own)', tag, access: STAFF, query: structureListQuery },
    ({ actor, query }) => structures.listStructures(actor, query));
  route(router, { method: 'post', path: '/api/structures', summary: 'Create a structure', tag, access: ADMIN, body: structureCreateBody, status: 201 },
    ({ body }) => structures.createStructure(body));
  route(router, { method: 'get', path: '/api/structures/:id', summary: 'One structure', tag, access: STAFF },
    ({ actor, params }) => structures.getStructure(actor, params.id!));
  route(router, { method: 'patch', path: '/api/structures/:id', summary: 'Change or reactivate a structure', tag, access: ADMIN, body: structureUpdateBody },
    ({ params, body }) => structures.updateStructure(params.id!, body));
  route(router, { method: 'delete', path: '/api/structures/:id', summary: 'Deactivate a structure (history is kept)', tag, access: ADMIN },
    ({ params }) => structures.deactivateStructure(params.id!));

  route(router, { method: 'get', path: '/api/agencies', summary: 'List agencies (dispatchers and interpreters see their own)', tag, access: AGENCY_READERS, query: agencyListQuery },
    ({ actor, query }) => agencies.listAgencies(actor, query));
  route(router, { method: 'post', path: '/api/agencies', summary: 'Create an agency', tag, access: ADMIN, body: agencyCreateBody, status: 201 },
    ({ body }) => agencies.createAgency(body));
  route(router, { method: 'get', path: '/api/agencies/:id', summary: 'One agency', tag, access: AGENCY_READERS },
    ({ actor, params }) => agencies.getAgency(actor, params.id!));
  route(router, { method: 'patch', path: '/api/agencies/:id', summary: 'Change or reactivate an agency', tag, access: ADMIN, body: agencyUpdateBody },
    ({ params, body }) => agencies.updateAgency(params.id!, body));
  route(router, { method: 'delete', path: '/api/agencies/:id', summary: 'Deactivate an agency (history is kept)', tag, access: ADMIN },
    ({ params }) => agencies.deactivateAgency(params.id!));

  route(router, { method: 'get', path: '/api/users', summary: 'List users', tag, access: DIRECTORY_READERS, query: userListQuery },
    ({ actor, query }) => users.listUsers(actor, query));
  // POST /api/users (create or invite) is in server/accounts/routes.ts, with the invitations.
  route(router, { method: 'get', path: '/api/users/:id', summary: 'One user', tag, access: DIRECTORY_READERS },
    ({ actor, params }) => users.getUser(actor, params.id!));
  route(router, { method: 'patch', path: '/api/users/:id', summary: 'Rename, reset the password, reactivate, make a requester their structure’s referent', tag, access: ADMIN, body: userUpdateBody },
    ({ params, body }) => users.updateUser(params.id!, body));
  route(router, { method: 'delete', path: '/api/users/:id', summary: 'Deactivate a user and end their sessions', tag, access: ADMIN },
    ({ params }) => users.deactivateUser(params.id!));

  route(router, { method: 'get', path: '/api/interpreters', summary: 'List interpreters (dispatchers: their agency)', tag, access: INTERPRETER_READERS, query: interpreterListQuery },
    ({ actor, query }) => interpreters.listInterpreters(actor, query));
  // POST /api/interpreters (create or invite) is in server/accounts/routes.ts, with the invitations.
  route(router, { method: 'get', path: '/api/interpreters/me', summary: 'The calling interpreter’s own profile', tag, access: ['interpreter'] },
    ({ actor }) => interpreters.getInterpreter(actor, actor.userId));
  route(router, { method: 'patch', path: '/api/interpreters/me', summary: 'An interpreter updates their availability, departments, travel buffer and contact details', tag, access: ['interpreter'], body: availabilityUpdateBody },
    ({ actor, body }) => interpreters.updateOwnProfile(actor, body));
  route(router, { method: 'get', path: '/api/interpreters/:id', summary: 'One interpreter', tag, access: INTERPRETER_READERS },
    ({ actor, params }) => interpreters.getInterpreter(actor, params.id!));
  route(router, { method: 'patch', path: '/api/interpreters/:id', summary: 'Change an interpreter profile', tag, access: ADMIN, body: interpreterUpdateBody },
    ({ actor, params, body }) => interpreters.updateInterpreter(actor, params.id!, body));
  route(router, { method: 'patch', path: '/api/interpreters/:id/availability', summary: 'A dispatcher (their agency) or an admin updates the availability, departments, travel buffer and contact details of an interpreter', tag, access: ['dispatcher', 'admin'], body: availabilityUpdateBody },
    ({ actor, params, body }) => interpreters.updateAgencyInterpreter(actor, params.id!, body));
  route(router, { method: 'put', path: '/api/interpreters/:id/qualifications', summary: 'A dispatcher (their agency) or an admin replaces the qualifications an interpreter holds', tag, access: ['dispatcher', 'admin'], body: qualificationsUpdateBody },
    ({ actor, params, body }) => interpreters.updateAgencyInterpreter(actor, params.id!, body));
  route(router, { method: 'delete', path: '/api/interpreters/:id', summary: 'Deactivate an interpreter (history is kept); 409 sessions_during_absence while they hold confirmed sessions, unless confirmWithdrawals=true', tag, access: ADMIN, query: interpreterDeactivateQuery },
    ({ actor, params, query }) => interpreters.deactivateInterpreter(actor, params.id!, query.confirmWithdrawals === 'true'));

  route(router, { method: 'get', path: '/api/languages', summary: 'Search ISO 639-3 living languages by French name (CLDR and usual names), English name or code; inUse=true: those active interpreters speak', tag: 'reference', access: 'public', query: languageSearchQuery },
    ({ actor, query }) => {
      if (query.inUse !== 'true') return searchLanguages(query.q, query.limit);
      if (!actor) throw unauthorized();
      return interpreters.languagesInUse(query.q, query.limit);
    });
  route(router, { method: 'get', path: '/api/specialties', summary: 'Interpreting specialties', tag: 'reference', access: 'public' },
    () => listSpecialties());

  route(router, { method: 'get', path: '/api/qualifications', summary: 'The qualifications catalogue (every signed-in role: agencies enter them, requesters see what a specialty needs): each with the specialties and languages that require it', tag: 'reference', access: 'authenticated' },
    () => listQualifications());
  route(router, { method: 'put', path: '/api/qualifications/:code', summary: 'Create or replace a qualification of the catalogue (audited)', tag: 'reference', access: QUALIFICATION_KEEPERS, body: qualificationUpdateBody },
    ({ actor, params, body }) => putQualification(actor, params.code!, body));
  route(router, { method: 'get', path: '/api/reports/qualifications', summary: 'By language and specialty: active interpreters, those holding the required qualifications today, those losing one within 90 days (an auditor’s region)', tag: 'reports', access: ['auditor', 'national_auditor', 'admin'] },
    ({ actor }) => qualificationsReport(actor));

  route(router, { method: 'get', path: '/api/ratings', summary: 'Ratings and late withdrawals: per interpreter of the dispatcher’s agency; aggregates only (region, agencies) for auditors', tag, access: ['dispatcher', 'auditor', 'admin'] },
    ({ actor }) => ratingsSummary(actor));

  return router;
}
