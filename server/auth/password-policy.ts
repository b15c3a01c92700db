import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../platform/errors';

// What a new password must be, whoever sets it (the user, an admin, the demo seed): at least
// PASSWORD_MIN_LENGTH characters (also in the shared JSON schema, so that forms say it before sending),
// and not a password that attackers try first. The list is zxcvbn-ts's common passwords (about 49,000,
// from breach corpora, maintained with the zxcvbn-ts project): NIST SP 800-63B, 5.1.1.2, asks for such
// a check rather than rules about digits and capitals.

export const PASSWORD_MIN_LENGTH = 12;

const COMMON = new Set(dictionary['passwords-common']);

/** Why a new password is refused, in French for the person typing it, or undefined when it is fine. */
export function passwordProblem(password: string, context: { email?: string | undefined } = {}): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  const lower = password.toLowerCase();
  // "Motdepasse2024!" is "motdepasse" with what everyone adds at the end; "azertyazerty" is "azerty" twice.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  const unit = /^(.+?)\1+$/su.exec(lower)?.[1];
  if (COMMON.has(lower) || (stem.length >= 4 && COMMON.has(stem)) || (unit && COMMON.has(unit))) {
    return 'Ce mot de passe fait partie des plus courants : choisissez-en un autre (quelques mots sans rapport entre eux, par exemple).';
  }
  if (unit && [...unit].length <= 4) return 'Ce mot de passe répète le même motif : choisissez-en un autre.';
  const email = context.email?.toLowerCase();
  const local = email?.split('@')[0];
  if (email && (lower.includes(email) || (local && local.length >= 4 && lower.includes(local)))) {
    return 'Le mot de passe ne doit pas reprendre votre adresse e-mail.';
  }
  return undefined;
}

/**
 * Throws a 400 `weak_password` naming `field`, with the French reason, when `password` breaks the policy.
 * Checked before anything is written or any token is spent.
 */
export function assertPasswordAllowed(password: string, context: { email?: string | undefined; field?: string } = {}): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError(400, 'weak_password', problem, [{ field: context.field ?? 'password', code: 'weak_password', message: problem }]);
}
