import { CALL_OPENS_MINUTES_BEFORE, MAX_PARTICIPANTS, type CallErrorCode, type Participant, type ParticipantRole } from '../../../../shared/call-protocol';
import { time } from '../../format';
import type { DeviceProblem } from '../../call/devices';
import type { EndReason } from '../../call/media';

// What the call page says, in one place: the server's error codes, the browser's device refusals, the roles.

export const ROLE_LABELS: Record<ParticipantRole, string> = {
  interpreter: 'Interprète',
  requester: 'Professionnel·le',
  guest: 'Invité·e',
};

export function callErrorText(error: CallErrorCode, guest: boolean, opensAt?: string): string {
  switch (error) {
    case 'not_open_yet':
      return `Cet appel s’ouvre ${CALL_OPENS_MINUTES_BEFORE} minutes avant la séance${opensAt ? `, à ${time(opensAt)}` : ''}.`;
    case 'closed':
      return guest ? 'Ce lien d’invitation n’est plus valable.' : 'Cette séance est terminée : son appel est fermé.';
    case 'forbidden':
      return guest ? 'Ce lien d’invitation n’est plus valable.' : 'Vous ne participez pas à cette séance.';
    case 'room_full':
      return `L’appel est complet (${MAX_PARTICIPANTS} personnes au plus).`;
    case 'not_found':
      return 'Cette séance est introuvable, ou elle n’a lieu ni par téléphone ni en visio.';
    default:
      return 'L’appel a rencontré une erreur : rechargez la page.';
  }
}

/** A refused join the person can try again later from the same page (the others close the call page's way in). */
export const retryable = (error: CallErrorCode) => error === 'not_open_yet' || error === 'room_full';

export function deviceErrorText(problem: DeviceProblem, camera: boolean): string {
  const devices = camera ? 'le micro et la caméra' : 'le micro';
  switch (problem) {
    case 'not_allowed':
      return `Le navigateur n’a pas l’autorisation d’utiliser ${devices}. Pour l’autoriser : touchez l’icône à gauche de l’adresse (cadenas ou réglages), autorisez ${devices} pour ce site, puis touchez « Réessayer ». Sur un téléphone, vérifiez aussi dans les réglages du téléphone que le navigateur a accès ${camera ? 'au micro et à la caméra' : 'au micro'}.`;
    case 'not_found':
      return camera
        ? 'Aucune caméra n’a été trouvée sur cet appareil : branchez-en une, puis touchez « Réessayer ».'
        : 'Aucun micro n’a été trouvé sur cet appareil : branchez un casque ou un micro, puis touchez « Réessayer ».';
    case 'not_readable':
      return `${camera ? 'Le micro ou la caméra' : 'Le micro'} est déjà utilisé par une autre application (logiciel de visio, autre onglet, téléphone) : fermez-la, puis touchez « Réessayer ».`;
    case 'unsupported':
      return 'Ce navigateur ne permet pas les appels : ouvrez ce lien dans une version récente de Firefox, Chrome, Edge ou Safari.';
    default:
      return `${camera ? 'Le micro ou la caméra' : 'Le micro'} n’a pas pu être ouvert. Touchez « Réessayer », ou ouvrez ce lien dans un autre navigateur.`;
  }
}

/** Why a video session goes on with sound only. */
export function cameraProblemText(problem: DeviceProblem): string {
  switch (problem) {
    case 'not_found':
      return 'Aucune caméra n’a été trouvée : vous participez avec le son seulement.';
    case 'not_allowed':
      return 'Le navigateur n’a pas l’autorisation d’utiliser la caméra : vous participez avec le son seulement. Pour l’autoriser, touchez l’icône à gauche de l’adresse, puis rechargez la page.';
    case 'not_readable':
      return 'La caméra est déjà utilisée par une autre application : vous participez avec le son seulement.';
    default:
      return 'La caméra n’a pas pu être ouverte : vous participez avec le son seulement.';
  }
}

export const ENDED_TEXTS: Record<EndReason, string> = {
  completed: 'La séance est terminée.',
  cancelled: 'La séance a été annulée.',
  closed: 'L’appel est fermé.',
};

export const joinedText = (name: string) => `${name} a rejoint l’appel`;
export const leftText = (name: string) => `${name} a quitté l’appel`;
export const LOST = 'Connexion perdue, reconnexion…';
export const BACK = 'Reconnecté·e';

/** The measured time as mm:ss (minutes past 59 keep counting: 75:02). */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** A participant's role under their name, unless the name says it already (a guest is named "Invité·e"). */
export function roleNote(name: string, role: ParticipantRole): string | undefined {
  const label = ROLE_LABELS[role];
  return name === label ? undefined : label;
}

/** Under a member's name: their role, whether the media reached them, and their microphone and camera when off. */
export function memberState(member: Participant, connected: boolean, video: boolean): string {
  const parts = [
    roleNote(member.name, member.role),
    connected ? 'connecté·e' : 'connexion en cours…',
    member.microphone === false ? 'micro coupé' : undefined,
    video && member.camera === false ? 'caméra coupée' : undefined,
  ];
  const text = parts.filter(Boolean).join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Alone in the call: the others are still to come, or they left. */
export const aloneText = (metSomeone: boolean) =>
  metSomeone ? 'Vous êtes seul·e dans l’appel.' : 'Vous êtes seul·e dans l’appel pour l’instant : les autres participant·es vont arriver.';
