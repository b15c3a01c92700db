// A monthly statement's shapes (server/billing/statement-store.ts stores them, GET /api/statements answers
// them) and its words, read by the server's CSV of its lines and by the pages that show it.

export const STATEMENT_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** A billed session, no-show or late cancellation, and what it costs (minutes billed, euro cents). */
export interface SessionFigures {
  requestId: string;
  structureId: string;
  /** The session's date in its region's calendar, 'YYYY-MM-DD'. */
  date: string;
  language: string;
  modality: string;
  billedMinutes: number;
  costCents: number;
}

/** One line of the month: a session's figures net of its corrections. */
export interface StatementLine extends SessionFigures {
  /** The request's verification (`pending`, `confirmed`, `tacit`, `disputed`, `resolved`), null for a cancellation. */
  verification: string | null;
}

/**
 * What changed, after its month was approved, in a session of that month: paid on a later statement.
 * Its billedMinutes and costCents are the change, signed: what is due now less what was paid before.
 */
export interface Adjustment extends SessionFigures {
  /** The approved month it corrects, 'YYYY-MM'. */
  corrects: string;
  reason: 'correction' | 'settled_dispute' | 'late_entry';
}

export interface StatementTotals {
  sessions: number;
  minutes: number;
  costCents: number;
  adjustmentsCents: number;
  disputedCents: number;
}

export const STATEMENT_STATUS_LABELS: Record<string, string> = {
  draft: 'Brouillon',
  submitted: 'Transmis',
  approved: 'Approuvé',
  rejected: 'Refusé',
};

/** A session's verification by its structure, in words; null for a late cancellation and for sessions older than verification. */
export const VERIFICATION_LABELS: Record<string, string> = {
  pending: 'En attente de la structure',
  confirmed: 'Confirmée par la structure',
  tacit: 'Confirmée tacitement',
  disputed: 'Contestée',
  resolved: 'Contestation réglée',
};

export const verificationLabel = (verification: string | null) =>
  verification === null ? 'Sans vérification (annulation tardive, ou séance antérieure à la vérification)' : (VERIFICATION_LABELS[verification] ?? verification);

export const ADJUSTMENT_REASON_LABELS: Record<string, string> = {
  correction: 'Correction',
  settled_dispute: 'Contestation réglée',
  late_entry: 'Séance enregistrée après l’approbation',
};

