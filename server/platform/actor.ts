import type { Role } from '../../shared/enums';
import { forbidden } from './errors';

/** Who is calling, as resolved from their session: every use-case scopes its queries with it. */
export interface Actor {
  userId: string;
  sessionId: string;
  role: Role;
  name: string;
  email: string;
  structureId?: string;
  agencyId?: string;
  /** An auditor's region (INSEE code): every auditor route acts on it only. */
  region?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      /** How the caller proved who they are: a browser's cookie needs CSRF protection, a bearer token does not. */
      authVia?: 'cookie' | 'bearer';
    }
  }
}

/** An auditor's region; an auditor without one (which start-up's migration leaves none of) may read nothing. */
export function auditorRegion(actor: Actor): string {
  if (!actor.region) throw forbidden();
  return actor.region;
}
