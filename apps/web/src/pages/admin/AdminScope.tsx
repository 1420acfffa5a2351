import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { adminApi, type AdminApi } from './admin.api';

interface Scope {
  /** The organ being administered: undefined = the caller's own organ. */
  organId: string | undefined;
  setOrganId: (id: string | undefined) => void;
  api: AdminApi;
  /** A query key under this scope. */
  key: (...parts: unknown[]) => unknown[];
}

const ScopeContext = createContext<Scope | null>(null);
const STORAGE = 'vanthu.admin.organId';

export function AdminScopeProvider({ children }: { children: ReactNode }) {
  const [organId, setOrganIdState] = useState<string | undefined>(() => sessionStorage.getItem(STORAGE) ?? undefined);
  const value = useMemo<Scope>(
    () => ({
      organId,
      setOrganId: (id) => {
        if (id) sessionStorage.setItem(STORAGE, id);
        else sessionStorage.removeItem(STORAGE);
        setOrganIdState(id);
      },
      api: adminApi(organId),
      key: (...parts) => ['admin', organId ?? 'own', ...parts],
    }),
    [organId],
  );
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useAdmin(): Scope {
  const s = useContext(ScopeContext);
  if (!s) throw new Error('useAdmin outside AdminScopeProvider');
  return s;
}
