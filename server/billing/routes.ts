import { Router } from 'express';
import { amountBody, auditQuery, budgetQuery, tariffBody, tariffListQuery, usageQuery } from '../../shared/schemas/billing';
import { auditorRegion, type Actor } from '../platform/actor';
import { DEFAULT_REGION_CODE } from '../../shared/enums';
import { structureSummary } from '../directory/structures';
import { badRequest, forbidden, notFound } from '../platform/errors';
import { sendCsv } from '../platform/csv';
import { route } from '../platform/routing';
import { addTariff, listTariffs } from './agency-tariffs';
import { listAudit } from './audit';
import { singleFlight } from '../platform/single-flight';
import { budgetReport, setAllocation, setEnvelope } from './budget';
import { budgetCsv, usageCsv, usageReport } from './reports';

function yearParam(value: string | undefined): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value ?? '') || year < 2000 || year > 2100) {
    throw badRequest('The year is invalid.', [{ field: 'year', code: 'range', message: 'must be a year between 2000 and 2100' }]);
  }
  return year;
}

/**
 * Requesters see their own structure's line of their region's budget; auditors their region; admins and
 * national auditors the region they name, the default one otherwise.
 */
async function budgetScope(actor: Actor, region: string | undefined): Promise<{ region: string; only?: string }> {
  if (actor.role === 'auditor') {
    if (region && region !== auditorRegion(actor)) throw notFound('Region');
    return { region: auditorRegion(actor) };
  }
  if (actor.role === 'admin' || actor.role === 'national_auditor') return { region: region ?? DEFAULT_REGION_CODE };
  if (actor.role === 'requester' && actor.structureId) {
    const structure = await structureSummary(actor.structureId);
    return { region: structure?.region ?? DEFAULT_REGION_CODE, only: actor.structureId };
  }
  throw forbidden();
}

export function billingRouter(): Router {
  const router = Router();
  const tag = 'billing';

  route(router, { method: 'put', path: '/api/allocations/:year/:structureId', summary: 'Set a structure’s yearly allocation (audited)', tag, access: ['auditor'], body: amountBody },
    ({ actor, params, body }) => setAllocation(actor, yearParam(params.year), params.structureId!, body.amountCents));
  route(router, { method: 'put', path: '/api/envelopes/:year', summary: 'Set the auditor’s region’s yearly envelope (audited)', tag, access: ['auditor'], body: amountBody },
    ({ actor, params, body }) => setEnvelope(actor, yearParam(params.year), body.amountCents));
  route(router, { method: 'get', path: '/api/audit', summary: 'Who changed allocations, envelopes, tariffs and the qualifications catalogue, newest first', tag, access: ['auditor', 'admin'], query: auditQuery },
    ({ actor, query }) => listAudit(actor, query));

  route(router, { method: 'get', path: '/api/tariffs', summary: 'Tariff versions per agency, and the default', tag, access: ['auditor', 'admin', 'dispatcher'], query: tariffListQuery },
    ({ actor, query }) => listTariffs(actor, query));
  route(router, { method: 'post', path: '/api/tariffs', summary: 'Add an agency tariff version from a date on (audited)', tag, access: ['auditor', 'admin'], body: tariffBody, status: 201 },
    ({ actor, body }) => addTariff(actor, body));

  route(router, { method: 'get', path: '/api/reports/usage', summary: 'Sessions, minutes and cost grouped by structure, type, department, language, modality or month (format=csv)', tag, access: ['requester', 'auditor', 'national_auditor', 'admin'], query: usageQuery },
    async ({ actor, res, query }) => {
      const report = await usageReport(actor, query);
      if (query.format !== 'csv') return report;
      sendCsv(res, `usage-${report.year}-${report.groupBy}.csv`, usageCsv(report, query.separator));
      return undefined;
    });
  route(router, { method: 'get', path: '/api/reports/budget', summary: 'Allocated, committed, consumed, remaining and forecast per structure and for the region (format=csv)', tag, access: ['requester', 'auditor', 'national_auditor', 'admin'], query: budgetQuery },
    async ({ actor, res, query }) => {
      const scope = await budgetScope(actor, query.region);
      const report = await singleFlight(`budget:${scope.region}:${query.year}:${scope.only ?? '*'}`, () => budgetReport(scope.region, query.year, new Date(), scope.only));
      if (query.format !== 'csv') return report;
      sendCsv(res, `budget-${report.year}.csv`, budgetCsv(report, query.separator));
      return undefined;
    });

  return router;
}
