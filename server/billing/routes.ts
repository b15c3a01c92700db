import { Router } from 'express';
import { amountBody, auditQuery, budgetQuery, envelopeBody, invoiceQuery, statementCsvQuery, statementListQuery, statementsYearQuery, statementRejectBody, tariffBody, tariffListQuery, usageQuery } from '../../shared/schemas/billing';
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
import { statementCsv } from './statement-csv';
import { statementsYear } from './statement-year';
import { approveStatement, getStatement, listStatements, rejectStatement, statementInvoicePdf, statementInvoiceXml, submitStatement } from './statements';

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
  route(router, { method: 'put', path: '/api/envelopes/:year', summary: 'Set a region’s yearly envelope (an auditor’s own; an admin names it), and the ARS as the buyer on its invoices (audited)', tag, access: ['auditor', 'admin'], body: envelopeBody },
    ({ actor, params, body }) => setEnvelope(actor, yearParam(params.year), body.amountCents, new Date(), body.buyer, body.region));
  route(router, { method: 'get', path: '/api/audit', summary: 'Who changed allocations, envelopes, tariffs, statements and the qualifications catalogue, newest first', tag, access: ['auditor', 'admin'], query: auditQuery },
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

  route(router, { method: 'get', path: '/api/reports/statements', summary: 'The year’s agency statements against the envelope: approved, submitted, and still to come (euro cents)', tag, access: ['auditor', 'national_auditor', 'admin'], query: statementsYearQuery },
    async ({ actor, query }) => statementsYear((await budgetScope(actor, query.region)).region, query.year));

  const readers = ['dispatcher', 'auditor', 'national_auditor', 'admin'] as const;
  route(router, { method: 'get', path: '/api/statements', summary: 'An agency’s monthly statements (one per region), with their totals', tag, access: readers, query: statementListQuery },
    ({ actor, query }) => listStatements(actor, query));
  route(router, { method: 'get', path: '/api/statements/:id', summary: 'A statement with its lines and adjustments', tag, access: readers },
    ({ actor, params }) => getStatement(actor, params.id!));
  route(router, { method: 'post', path: '/api/statements/:id/submit', summary: 'The agency submits its month: its figures are frozen (audited)', tag, access: ['dispatcher'] },
    ({ actor, params }) => submitStatement(actor, params.id!));
  route(router, { method: 'post', path: '/api/statements/:id/approve', summary: 'The region approves a submitted month: it never changes again (audited)', tag, access: ['auditor'] },
    ({ actor, params }) => approveStatement(actor, params.id!));
  route(router, { method: 'post', path: '/api/statements/:id/reject', summary: 'The region sends a submitted month back, with a reason (audited)', tag, access: ['auditor'], body: statementRejectBody },
    ({ actor, params, body }) => rejectStatement(actor, params.id!, body.reason));
  route(router, { method: 'get', path: '/api/statements/:id/lines.csv', summary: 'A statement’s lines, adjustments and totals as CSV (separator=semicolon for French Excel)', tag, access: readers, query: statementCsvQuery },
    async ({ actor, params, query, res }) => {
      const { filename, csv } = await statementCsv(actor, params.id!, query.separator);
      sendCsv(res, filename, csv);
      return undefined;
    });
  route(router, { method: 'get', path: '/api/statements/:id/invoice.xml', summary: 'An approved statement as an EN 16931 invoice (CII XML, as Factur-X embeds it), lines per modality or structure', tag, access: readers, query: invoiceQuery },
    async ({ actor, params, query, res }) => {
      const xml = await statementInvoiceXml(actor, params.id!, query.lines);
      res.type('application/xml').send(xml);
      return undefined;
    });
  route(router, { method: 'get', path: '/api/statements/:id/invoice.pdf', summary: 'An approved statement as a Factur-X EN 16931 invoice (PDF/A-3, its CII XML attached), lines per modality or structure', tag, access: readers, query: invoiceQuery },
    async ({ actor, params, query, res }) => {
      const { number, pdf } = await statementInvoicePdf(actor, params.id!, query.lines);
      res.type('application/pdf').attachment(`facture-${number}.pdf`).send(Buffer.from(pdf));
      return undefined;
    });

  return router;
}
