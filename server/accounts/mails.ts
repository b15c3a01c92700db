import { dateTimeIn } from '../../shared/local-time';
import { PARIS_ZONE } from '../../shared/paris-time';
import type { OutgoingMail } from '../notify/outbox';

// The account mails, in French. A link's token is in the URL's fragment (after #): browsers never send a
// fragment to a server, nor in a Referer header, and the page removes it from the address bar at once.

const SIGNATURE = '\n\n— Interprétariat santé\n(Ce message est automatique : n’y répondez pas.)\n';

/** The page where a link's holder chooses a password: `PUBLIC_URL/#/mot-de-passe?jeton=<token>`. */
export const passwordLink = (publicUrl: string, token: string) => `${publicUrl}/#/mot-de-passe?jeton=${token}`;

interface Recipient {
  id: string;
  email: string;
  name: string;
  /** The zone the mail's times are written in: their structure's; Paris when absent. */
  timeZone?: string | undefined;
}

const at = (date: Date, user: Recipient) => dateTimeIn(date, user.timeZone ?? PARIS_ZONE);

/** The invitation: who invited, for which structure, the link and until when it works (in their structure's time). */
export function invitationMail(user: Recipient, link: { url: string; id: string; expiresAt: Date }, context: { inviterName: string; structureName?: string | undefined; interpreter?: boolean }): OutgoingMail {
  const where = context.structureName ? ` pour ${context.structureName}` : '';
  const service = context.interpreter
    ? 'le service qui vous propose des séances d’interprétariat auprès de soignants : vous y recevrez les demandes et tiendrez vos disponibilités.\n\n'
    : 'le service qui trouve un·e interprète professionnel·le pour vos patients.\n\n';
  return {
    to: [user.email],
    subject: 'Votre compte Interprétariat santé : choisissez votre mot de passe',
    text:
      `Bonjour ${user.name},\n\n${context.inviterName} vous a ouvert un compte sur Interprétariat santé${where}, ` +
      service +
      `Pour choisir votre mot de passe, ouvrez ce lien (une seule fois, jusqu’au ${at(link.expiresAt, user)}) :\n${link.url}\n\n` +
      `Votre identifiant sera votre adresse e-mail : ${user.email}\n\n` +
      'Si vous n’attendiez pas ce message, ignorez-le : aucun compte ne sera utilisable sans ce lien.' +
      SIGNATURE,
    dedupeKey: `invitation:${link.id}`,
    secret: true,
  };
}

/** The reset link, valid one hour. */
export function resetMail(user: Recipient, link: { url: string; id: string; expiresAt: Date }): OutgoingMail {
  return {
    to: [user.email],
    subject: 'Réinitialisation de votre mot de passe',
    text:
      `Bonjour ${user.name},\n\nUne réinitialisation du mot de passe de votre compte Interprétariat santé a été demandée.\n\n` +
      `Pour choisir un nouveau mot de passe, ouvrez ce lien (une seule fois, jusqu’au ${at(link.expiresAt, user)}) :\n${link.url}\n\n` +
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.' +
      SIGNATURE,
    dedupeKey: `password-reset:${link.id}`,
    secret: true,
  };
}

/** Told after any change of one's password, so that a change made by someone else does not go unnoticed. */
export function passwordChangedMail(user: Recipient, changedAt: Date, publicUrl: string): OutgoingMail {
  return {
    to: [user.email],
    subject: 'Votre mot de passe a été modifié',
    text:
      `Bonjour ${user.name},\n\nLe mot de passe de votre compte Interprétariat santé a été modifié le ${at(changedAt, user)} ; ` +
      'les autres sessions ouvertes avec votre compte ont été fermées.\n\n' +
      `Si ce n’est pas vous, choisissez-en un nouveau sans attendre avec « Mot de passe oublié ? » sur ${publicUrl} ` +
      'et prévenez votre administrateur.' +
      SIGNATURE,
    dedupeKey: `password-changed:${user.id}:${changedAt.getTime()}`,
  };
}
