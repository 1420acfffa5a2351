import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api';
import type { Me } from '../api.types';
import { authApi } from './auth.api';

interface AuthState {
  me: Me | null;
  loading: boolean;
  /** Stores the answer of a successful login. */
  signedIn: (me: Me) => void;
  /** Forgets the session locally (after logout or a 401). */
  signedOut: () => void;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await authApi.me();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = meQuery.data ?? null;

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null, me?.id ?? null);
  }, [me]);

  const signedIn = useCallback(
    (next: Me) => {
      setCsrfToken(next.csrfToken, next.id);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, next);
    },
    [qc],
  );

  const signedOut = useCallback(() => {
    setCsrfToken(null);
    qc.cancelQueries();
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    qc.setQueryData(ME_KEY, null);
  }, [qc]);

  useEffect(() => {
    setUnauthorizedHandler(signedOut);
    return () => setUnauthorizedHandler(null);
  }, [signedOut]);

  const refresh = useCallback(async () => {
    await qc.invalidateQueries({ queryKey: ME_KEY });
  }, [qc]);

  const value = useMemo<AuthState>(
    () => ({ me, loading: meQuery.isPending, signedIn, signedOut, refresh }),
    [me, meQuery.isPending, signedIn, signedOut, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for components rendered behind the login gate. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
