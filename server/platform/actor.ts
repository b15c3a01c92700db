import type { Role } from '../../shared/enums';

/** Who is calling, as resolved from their session: every use-case scopes its queries with it. */
export interface Actor {
  userId: string;
  sessionId: string;
  role: Role;
  name: string;
  email: string;
  structureId?: string;
  agencyId?: string;
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
