// A monthly statement's words, read by the server's CSV of its lines and by the pages that show it.

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

