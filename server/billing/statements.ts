import { DateTime } from 'luxon';
import type { StatementListQuery } from '../../shared/schemas/billing';
import { regionByCode } from '../../shared/regions';
import { agencyAsSeller } from '../directory/agencies';
import { structureSummaries } from '../directory/structures';
import { auditorRegion, type Actor } from '../platform/actor';
import { businessRule, conflict, notFound } from '../platform/errors';
import { recordAudit } from './audit';
import { regionBuyer } from './budget';
import { invoiceData, invoiceDocument, invoiceFacturX, invoiceLines, invoiceXml, type InvoiceDocument } from './invoice';
import { invoicePage } from './invoice-page';
import { stillDisputed } from './disputes';
import { agenciesWithEntriesIn, agencyEntries, entriesOfRequests, monthVersions } from './ledger';
import type { LedgerEntry } from './ledger-store';
import { adjustmentsOf, isBilled, monthFigures, previousMonth } from './statement-figures';
import { FROZEN, statements, type Adjustment, type FrozenSummary, type StatementDoc, type StatementFigures, type StatementStatus } from './statement-store';

// What the region pays an agency for a month: a statement per agency, region (the region of the
// structures served, whose ARS pays) and calendar month of that region (the ledger's month).
//
// Materialised when first read: the document (id, status) is created as a draft on the first list that
// finds the month has billed entries; while it is a draft or rejected, its figures are computed again
// from the month's ledger on every read (one indexed query: a month of one agency is bounded), so that
// completions, corrections and settled disputes show at once. Submission stores the figures in the same
// conditional update that changes the status: what was submitted is what the auditor approves, and an
// approved statement never changes. Whatever reaches the ledger for an approved month afterwards (a
// correction, a settled dispute, a session recorded late) lands as an adjustment on the agency's next
// open statement in that region: the statement of the first month after it that is neither submitted nor
// approved (Lago's rule: a finalized invoice is corrected by a later document, never rewritten).
//
// Transitions (one conditional update each, 409 `state_changed` when the status moved meanwhile):
//   draft | rejected --submit (the agency's dispatcher)--> submitted
//   submitted --approve (an auditor of the region)--> approved
//   submitted --reject { reason } (an auditor of the region)--> rejected
// Each one is a line of the audit trail (GET /api/audit?entity=statement).

export type VerificationLookup = (requestIds: readonly string[]) => Promise<Map<string, string | null>>;

let verificationsOf: VerificationLookup | undefined;

/** Booking tells billing each session's verification (billing never imports booking): set at start. */
export function provideVerifications(lookup: VerificationLookup): void {
  verificationsOf = lookup;
}

function verifications(requestIds: readonly string[]): Promise<Map<string, string | null>> {
  if (!verificationsOf) throw new Error('billing: no verification lookup was provided (provideVerifications at start)');
  return requestIds.length === 0 ? Promise.resolve(new Map()) : verificationsOf(requestIds);
}

/** What GET /api/statements lists (API.md, Statements). */
export interface StatementSummary {
  id: string;
  agencyId: string;
  region: string;
  month: string;
  status: StatementStatus;
  totals: StatementFigures['totals'];
  submittedAt?: Date | null;
  decidedAt?: Date | null;
  rejection?: { reason: string } | null;
}

/** What GET /api/statements/:id answers: the summary, its lines and its adjustments. */
export type StatementView = StatementSummary & Pick<StatementFigures, 'lines' | 'adjustments'>;

/** GET /api/statements/:id and the transitions add the names of the structures its lines name: a dispatcher may not list structures. */
export type StatementDetail = StatementView & { structureNames: Record<string, string> };

/** A month's billed entries of one agency, with the roll-up version read before them, and each entry's region. */
interface MonthRead {
  version: number;
  entries: LedgerEntry[];
  regionOf: (entry: LedgerEntry) => string;
}

async function readMonth(agencyId: string, month: string): Promise<MonthRead> {
  // The version first: an entry that lands after the read then moves the version past it.
  const version = (await monthVersions([month])).get(month) ?? 0;
  const [entries, structures] = await Promise.all([agencyEntries(agencyId, month), structureSummaries()]);
  const regions = new Map(structures.map((s) => [s.id, s.region]));
  return { version, entries: entries.filter(isBilled), regionOf: (entry) => regions.get(entry.structureId) ?? '' };
}

/** The figures of an open statement, from the ledger now. */
async function currentFigures(doc: StatementDoc, read?: MonthRead): Promise<StatementFigures> {
  const month = read ?? (await readMonth(doc.agencyId, doc.month));
  const entries = month.entries.filter((entry) => month.regionOf(entry) === doc.region);
  const requestIds = [...new Set(entries.map((e) => e.requestId ?? e._id))];
  const [verified, disputed, adjustments] = await Promise.all([verifications(requestIds), stillDisputed(requestIds), pendingAdjustments(doc)]);
  return monthFigures(entries, month.version, verified, disputed, adjustments);
}

/**
 * The adjustments an open statement carries: for each approved month M before it such that every month
 * between M and it is frozen (it is M's next open statement), the sessions of M whose figures moved since
 * M was approved. Reads only M's whose roll-up version moved or that hold disputed sessions apart.
 */
async function pendingAdjustments(doc: Pick<StatementDoc, 'agencyId' | 'region' | 'month'>): Promise<Adjustment[]> {
  const frozen = await statements.frozenBefore(doc.agencyId, doc.region, doc.month);
  const run: FrozenSummary[] = [];
  for (const statement of frozen) {
    if (statement.month !== previousMonth(run[run.length - 1]?.month ?? doc.month)) break;
    run.push(statement);
  }
  const approved = run.filter((s) => s.status === 'approved');
  if (approved.length === 0) return [];
  const versions = await monthVersions(approved.map((s) => s.month));
  const toRead = approved.filter((s) => (versions.get(s.month) ?? 0) > s.figures.ledgerVersion || s.figures.heldRequestIds.length > 0);
  if (toRead.length === 0) return [];
  const adjusted = run.flatMap((s) => s.figures.adjustments);
  const adjustments: Adjustment[] = [];
  for (const statement of await statements.byIds(toRead.map((s) => s._id))) {
    const figures = statement.figures!;
    const month = await readMonth(statement.agencyId, statement.month);
    const counted = new Set(figures.entryKeys);
    const late = month.entries.filter((e) => month.regionOf(e) === statement.region && !counted.has(e._id)).map((e) => e.requestId ?? e._id);
    const requestIds = [...new Set([...late, ...figures.heldRequestIds])];
    const [entries, disputed] = await Promise.all([entriesOfRequests(requestIds), stillDisputed(requestIds)]);
    const candidates = new Map(requestIds.map((id) => [id, entries.filter((e) => e.requestId === id && isBilled(e))]));
    adjustments.push(...adjustmentsOf({ month: statement.month, figures }, candidates, disputed, adjusted));
  }
  return adjustments;
}

async function figuresOf(doc: StatementDoc, read?: MonthRead): Promise<StatementFigures> {
  return FROZEN.includes(doc.status) && doc.figures ? doc.figures : currentFigures(doc, read);
}

const summaryOf = (doc: StatementDoc, figures: StatementFigures): StatementSummary => ({
  id: doc._id.toString(),
  agencyId: doc.agencyId,
  region: doc.region,
  month: doc.month,
  status: doc.status,
  totals: figures.totals,
  submittedAt: doc.submittedAt ?? null,
  decidedAt: doc.decidedAt ?? null,
  rejection: doc.rejection ?? null,
});

const viewOf = (doc: StatementDoc, figures: StatementFigures): StatementView => ({ ...summaryOf(doc, figures), lines: figures.lines, adjustments: figures.adjustments });

/** The regions an actor reads statements of: an auditor's own; every region otherwise (undefined). */
const readableRegion = (actor: Actor) => (actor.role === 'auditor' ? auditorRegion(actor) : undefined);

/** Whether the actor may read this statement: an auditor of its region, a dispatcher of its agency, national auditors and admins. */
function mayRead(actor: Actor, doc: Pick<StatementDoc, 'agencyId' | 'region'>): boolean {
  if (actor.role === 'dispatcher') return actor.agencyId === doc.agencyId;
  if (actor.role === 'auditor') return actor.region === doc.region;
  return actor.role === 'national_auditor' || actor.role === 'admin';
}

/**
 * One agency's statements of a month: one per region with billed entries, a statement already, or
 * adjustments to carry (the month after a frozen one).
 */
async function agencyMonthStatements(agencyId: string, month: string, region: string | undefined, now: Date): Promise<StatementSummary[]> {
  const [read, existing, before] = await Promise.all([readMonth(agencyId, month), statements.ofAgencyMonth(agencyId, month), statements.ofAgencyMonth(agencyId, previousMonth(month))]);
  const wanted = (r: string) => Boolean(r) && (!region || r === region);
  const regions = new Set([...read.entries.map(read.regionOf), ...existing.map((s) => s.region)].filter(wanted));
  const carrying = await Promise.all(before.filter((s) => FROZEN.includes(s.status) && wanted(s.region) && !regions.has(s.region))
    .map(async (s) => ((await pendingAdjustments({ agencyId, region: s.region, month })).length > 0 ? s.region : '')));
  return Promise.all([...regions, ...carrying.filter(Boolean)].sort().map(async (r) => {
    const doc = existing.find((s) => s.region === r) ?? (await statements.materialise(agencyId, r, month, now));
    return summaryOf(doc, await figuresOf(doc, read));
  }));
}

/**
 * GET /api/statements?agencyId=&month=YYYY-MM: the month's statements, one per agency and region, with
 * their totals (euro cents, billed minutes). Dispatchers: their agency's (another agency named: 404);
 * auditors: their region's, of every agency or the one named; national auditors and admins: all.
 */
export async function listStatements(actor: Actor, query: StatementListQuery, now = new Date()): Promise<StatementSummary[]> {
  if (actor.role === 'dispatcher' && (!actor.agencyId || (query.agencyId && query.agencyId !== actor.agencyId))) throw notFound('Agency');
  const agencyIds = actor.role === 'dispatcher' ? [actor.agencyId!] : query.agencyId ? [query.agencyId] : await agenciesWithEntriesIn(query.month);
  const region = readableRegion(actor);
  return (await Promise.all(agencyIds.map((agencyId) => agencyMonthStatements(agencyId, query.month, region, now)))).flat();
}

async function findReadable(actor: Actor, id: string): Promise<StatementDoc> {
  const doc = await statements.byId(id);
  if (!doc || !mayRead(actor, doc)) throw notFound('Statement');
  return doc;
}

/** GET /api/statements/:id: the statement with its lines, adjustments and their structures' names. Errors: 404 unknown or not the caller's. */
export async function getStatement(actor: Actor, id: string): Promise<StatementDetail> {
  return detailOf(await findReadable(actor, id));
}

/** What GET /api/statements/:id and every transition answer. */
async function detailOf(doc: StatementDoc): Promise<StatementDetail> {
  const [view, structures] = await Promise.all([figuresOf(doc).then((figures) => viewOf(doc, figures)), structureSummaries()]);
  const named = new Set([...view.lines, ...view.adjustments].map((line) => line.structureId));
  return { ...view, structureNames: Object.fromEntries(structures.filter((s) => named.has(s.id)).map((s) => [s.id, s.name])) };
}

async function transition(actor: Actor, doc: StatementDoc, from: readonly StatementStatus[], to: StatementStatus, set: Partial<StatementDoc>, now: Date): Promise<StatementDetail> {
  if (!from.includes(doc.status)) throw conflict('wrong_status', `A ${doc.status} statement cannot be ${to}.`);
  const changed = await statements.transition(doc._id, from, to, set);
  if (!changed) throw conflict('state_changed', 'The statement changed meanwhile; reload it.');
  const id = changed._id.toString();
  await recordAudit(actor, {
    id: `statement:${id}:v${changed.version}`, entity: 'statement', entityId: id, region: changed.region,
    before: { status: doc.status, totals: doc.figures?.totals ?? null }, after: { status: changed.status, month: changed.month, agencyId: changed.agencyId, totals: changed.figures?.totals ?? null, reason: changed.rejection?.reason },
  }, now);
  return detailOf(changed);
}

/**
 * POST /api/statements/:id/submit (a dispatcher of the statement's agency): its figures as they are now
 * are stored, and frozen. Errors: 404 not the caller's agency; 409 `wrong_status` (not draft or rejected),
 * `state_changed` (another transition won).
 */
export async function submitStatement(actor: Actor, id: string, now = new Date()): Promise<StatementDetail> {
  const doc = await findReadable(actor, id);
  const figures = await currentFigures(doc);
  return transition(actor, doc, ['draft', 'rejected'], 'submitted', { figures, submittedAt: now, submittedBy: actor.userId, rejection: null }, now);
}

/** POST /api/statements/:id/approve (an auditor of its region). Errors: 404 another region's; 409 `wrong_status`, `state_changed`. */
export async function approveStatement(actor: Actor, id: string, now = new Date()): Promise<StatementDetail> {
  const doc = await findReadable(actor, id);
  return transition(actor, doc, ['submitted'], 'approved', { decidedAt: now, decidedBy: actor.userId }, now);
}

/**
 * POST /api/statements/:id/reject { reason } (an auditor of its region): open again, its figures computed
 * from the ledger again until the next submission. Errors: 404 another region's; 409 `wrong_status`, `state_changed`.
 */
export async function rejectStatement(actor: Actor, id: string, reason: string, now = new Date()): Promise<StatementDetail> {
  const doc = await findReadable(actor, id);
  return transition(actor, doc, ['submitted'], 'rejected', { decidedAt: now, decidedBy: actor.userId, rejection: { reason }, figures: null }, now);
}

/**
 * The invoice of an approved statement, lines per modality or per structure. Errors: 404 not the caller's;
 * 409 `not_approved`; 422 `nothing_to_invoice` (every line held apart or zero), `negative_invoice`
 * (adjustments exceed the month: a credit note, not written here), `invoicing_details_missing` (the
 * agency's SIRET, VAT number or VAT exemption, or the region's buyer on the year's envelope, naming each field).
 */
async function statementInvoice(actor: Actor, id: string, groupBy: 'modality' | 'structure'): Promise<InvoiceDocument> {
  const doc = await findReadable(actor, id);
  if (doc.status !== 'approved') throw conflict('not_approved', 'Only an approved statement is invoiced.');
  const [seller, buyer, structures] = await Promise.all([agencyAsSeller(doc.agencyId), regionBuyer(doc.region, Number(doc.month.slice(0, 4))), structureSummaries()]);
  const names = new Map(structures.map((s) => [s.id, s.name]));
  const lines = invoiceLines(doc.figures!, groupBy, (structureId) => names.get(structureId) ?? structureId);
  if (lines.length === 0) throw businessRule('nothing_to_invoice', 'Nothing of this statement is payable yet (every line is held apart as disputed, or zero).');
  if (lines.reduce((sum, line) => sum + line.cents, 0) < 0) throw businessRule('negative_invoice', 'Adjustments exceed the month: this calls for a credit note, not an invoice.');
  const missing = [
    ...(!seller?.siret ? [{ field: 'agency.siret', message: 'the agency has no SIRET' }] : []),
    ...(!seller?.vatId ? [{ field: 'agency.vatId', message: 'the agency has no VAT number (EN 16931 rule BR-E-02)' }] : []),
    ...(!seller?.vatExemptionReason ? [{ field: 'agency.vatExemptionReason', message: 'the agency states no VAT exemption' }] : []),
    ...(!buyer ? [{ field: 'envelope.buyer', message: `the region's envelope of ${doc.month.slice(0, 4)} names no buyer` }] : []),
  ];
  if (missing.length > 0 || !seller?.siret || !seller.vatId || !seller.vatExemptionReason || !buyer) throw businessRule('invoicing_details_missing', 'The invoice lacks what Chorus Pro needs.', missing);
  const issued = DateTime.fromJSDate(doc.decidedAt!, { zone: regionByCode(doc.region)?.timeZone ?? 'Europe/Paris' }).toISODate()!;
  return invoiceDocument({ month: doc.month, region: doc.region, issued }, { name: seller.name, siret: seller.siret, vatId: seller.vatId, vatExemptionReason: seller.vatExemptionReason }, buyer, lines);
}

/** GET /api/statements/:id/invoice.xml: the invoice's CII XML (the one a Factur-X EN 16931 PDF embeds). Errors: as statementInvoice. */
export async function statementInvoiceXml(actor: Actor, id: string, groupBy: 'modality' | 'structure' = 'modality'): Promise<string> {
  return invoiceXml(invoiceData(await statementInvoice(actor, id, groupBy)));
}

/**
 * GET /api/statements/:id/invoice.pdf: the Factur-X EN 16931 invoice (PDF/A-3, its XML attached), with its
 * number ('<month>-<region>') for the file name. Errors: as statementInvoice.
 */
export async function statementInvoicePdf(actor: Actor, id: string, groupBy: 'modality' | 'structure' = 'modality'): Promise<{ number: string; pdf: Uint8Array }> {
  const invoice = await statementInvoice(actor, id, groupBy);
  return { number: invoice.number, pdf: await invoiceFacturX(invoice, await invoicePage(invoice)) };
}
