import { Router } from 'express';
import { amountBody, auditQuery, budgetQuery, tariffBody, tariffListQuery, usageQuery } from '../../shared/schemas/billing';
import type { Actor } from '../platform/actor';
import { badRequest, forbidden } from '../platform/errors';
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

/** Requesters see their own structure's line of the budget; auditors and admins the region. */
function budgetScope(actor: Actor): string | undefined {
  if (actor.role === 'auditor' || actor.role === 'admin') return undefined;
  if (actor.role === 'requester' && actor.structureId) return actor.structureId;
  throw forbidden();
}

export function billingRouter(): Router {
  const router = Router();
  const tag = 'billing';

  route(router, { method: 'put', path: '/api/allocations/:year/:structureId', summary: 'Set a structure’s yearly allocation (audited)', tag, access: ['auditor'], body: amountBody },
    ({ actor, params, body }) => setAllocation(actor, yearParam(params.year), params.structureId!, body.amountCents));
  route(router, { method: 'put', path: '/api/envelopes/:year', summary: 'Set the regional yearly envelope (audited)', tag, access: ['auditor'], body: amountBody },
    ({ actor, params, body }) => setEnvelope(actor, yearParam(params.year), body.amountCents));
  route(router, { method: 'get', path: '/api/audit', summary: 'Who changed allocations, envelopes and tariffs, newest first', tag, access: ['auditor', 'admin'], query: auditQuery },
    ({ query }) => listAudit(query));

  route(router, { method: 'get', path: '/api/tariffs', summary: 'Tariff versions per agency, and the default', tag, access: ['auditor', 'admin', 'dispatcher'], query: tariffListQuery },
    ({ actor, query }) => listTariffs(actor, query));
  route(router, { method: 'post', path: '/api/tariffs', summary: 'Add an agency tariff version from a date on (audited)', tag, access: ['auditor', 'admin'], body: tariffBody, status: 201 },
    ({ actor, body }) => addTariff(actor, body));

  route(router, { method: 'get', path: '/api/reports/usage', summary: 'Sessions, minutes and cost grouped by structure, type, department, language, modality or month (format=csv)', tag, access: ['requester', 'auditor', 'admin'], query: usageQuery },
    async ({ actor, res, query }) => {
      const report = await usageReport(actor, query);
      if (query.format !== 'csv') return report;
      sendCsv(res, `usage-${report.year}-${report.groupBy}.csv`, usageCsv(report, query.separator));
      return undefined;
    });
  route(router, { method: 'get', path: '/api/reports/budget', summary: 'Allocated, committed, consumed, remaining and forecast per structure and for the region (format=csv)', tag, access: ['requester', 'auditor', 'admin'], query: budgetQuery },
    async ({ actor, res, query }) => {
      const scope = budgetScope(actor);
      const report = await singleFlight(`budget:${query.year}:${scope ?? '*'}`, () => budgetReport(query.year, new Date(), scope));
      if (query.format !== 'csv') return report;
      sendCsv(res, `budget-${report.year}.csv`, budgetCsv(report, query.separator));
      return undefined;
    });

  return router;
}
