import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'requester' | 'interpreter' | 'dispatcher' | 'auditor' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  structureId?: string;
  agencyId?: string;
}

export const SessionContext = createContext<{ user: User; logout: () => void } | undefined>(undefined);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside of a logged-in page');
  return session;
}
