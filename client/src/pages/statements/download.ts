// A statement's file fetched before it is saved: a refused download (an invoice the agency's SIRET or the
// ARS's details are missing for) says why in the page, instead of saving the error as the file.

const DETAIL_WORDS: Record<string, string> = {
  'agency.siret': 'le SIRET de l’agence (à saisir par l’administration, page Agences)',
  'agency.vatId': 'le numéro de TVA intracommunautaire de l’agence (page Agences)',
  'agency.vatExemptionReason': 'la mention d’exonération de TVA de l’agence (page Agences)',
  'envelope.buyer': 'l’ARS comme acheteur (son nom et son SIRET : tableau de bord, « Modifier l’enveloppe »)',
};

const REFUSALS: Record<string, string> = {
  not_approved: 'La facture se télécharge une fois le relevé approuvé.',
  nothing_to_invoice: 'Rien n’est encore payable sur ce relevé (toutes ses séances sont contestées, ou à zéro) : pas de facture.',
  negative_invoice: 'Les régularisations dépassent le mois : il faut un avoir, pas une facture.',
};

export class DownloadRefused extends Error {}

/** Saves `href` as `filename`; throws DownloadRefused with the reason in French when the server refuses. */
export async function downloadFile(href: string, filename: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(href, { credentials: 'same-origin' });
  } catch {
    throw new DownloadRefused('Le serveur ne répond pas : vérifiez votre connexion et réessayez.');
  }
  if (!res.ok) {
    const error = ((await res.json().catch(() => undefined)) as { error?: { code?: string; details?: Array<{ field: string }> } } | undefined)?.error;
    if (error?.code === 'invoicing_details_missing') {
      const missing = (error.details ?? []).map((d) => DETAIL_WORDS[d.field] ?? d.field);
      throw new DownloadRefused(`La facture ne peut pas être faite : il manque ${missing.join(', ')}.`);
    }
    throw new DownloadRefused(REFUSALS[error?.code ?? ''] ?? (res.status === 404 ? 'Ce fichier n’est pas disponible.' : 'Le téléchargement a échoué. Réessayez.'));
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the blob once the click's download started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
