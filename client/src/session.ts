import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'requester' | 'interpreter' | 'dispatcher' | 'auditor' | 'national_auditor' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  structureId?: string;
  agencyId?: string;
  /** An auditor's region (INSEE code). */
  region?: string;
  /** A requester who manages their structure's team. */
  referent?: boolean;
  /** Invited, no password chosen yet (only ever seen in a team's list). */
  invitationPending?: boolean;
  active?: boolean;
  /** A professional's number: prefills the callback number of their bookings. */
  phone?: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  requester: 'Demandeur',
  interpreter: 'Interprète',
  dispatcher: 'Régulation',
  auditor: 'ARS',
  national_auditor: 'ARS, vue nationale',
  admin: 'Administration',
};

export const SessionContext = createContext<{ user: User; logout: () => void } | undefined>(undefined);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside of a logged-in page');
  return session;
}
