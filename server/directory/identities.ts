import type { IdentityProvider } from '../../shared/enums';
import { activeAgencyExists } from './agencies';
import { users, type UserDoc } from './store';
import { activeStructureExists } from './structures';
import { normaliseEmail } from './users';
import { userView, type UserView } from './views';

/** Who an identity provider vouched for: the identifier it gives, and the e-mail address if it vouches for one. */
export interface ProviderIdentity {
  provider: IdentityProvider;
  subject: string;
  verifiedEmail?: string | undefined;
}

export type IdentityMatch =
  | { status: 'found'; user: UserView; by: 'identity' | 'email' }
  | { status: 'inactive' }
  | { status: 'unknown' };

/** Active, and so are their structure or agency: what a password login also requires. */
async function canSignIn(doc: UserDoc): Promise<boolean> {
  if (!doc.active) return false;
  if (doc.structureId && !(await activeStructureExists(doc.structureId.toString()))) return false;
  if (doc.agencyId && !(await activeAgencyExists(doc.agencyId.toString()))) return false;
  return true;
}

/**
 * The account an identity signs into: the user who signed in with this provider's identifier before
 * (whatever their e-mail address is now), else the user with the address the provider vouches for.
 * Never creates one: someone unknown stays unknown until invited. A deactivated account is `inactive`.
 */
export async function findAccountForIdentity(identity: ProviderIdentity): Promise<IdentityMatch> {
  const linked = await users.findOne({ [`identities.${identity.provider}`]: identity.subject });
  const doc = linked ?? (identity.verifiedEmail ? await users.findOne({ email: normaliseEmail(identity.verifiedEmail) }) : null);
  if (!doc) return { status: 'unknown' };
  if (!(await canSignIn(doc))) return { status: 'inactive' };
  return { status: 'found', user: userView(doc), by: linked ? 'identity' : 'email' };
}

/**
 * Remembers the provider's identifier on the user, so that their next sign-in finds them even if their
 * address changes. Signing in accepts a pending invitation (no password needed: one can be chosen later
 * through "Mot de passe oublié ?").
 */
export async function linkIdentity(userId: string, identity: ProviderIdentity): Promise<void> {
  await users.update({ _id: userId, active: true }, { [`identities.${identity.provider}`]: identity.subject, invitationPending: false });
}
