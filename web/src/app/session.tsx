import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { sessionApi, sessionKey } from '../api/session-api.ts';
import type { Role, Session } from '../../../contract/accounts.ts';
import type { LayerKey } from '../map/layer-definition.ts';

/**
 * Who may load which layer, mirroring the server's access policy: the territory is public
 * (网格公示), incidents and risk sources are for staff, household locations for those who serve them.
 * Asking only for what the viewer may see keeps 401s (and console errors) out of normal use.
 */
const layerAudience: Record<LayerKey, 'everyone' | readonly Role[]> = {
  communities: 'everyone',
  grids: 'everyone',
  households: ['admin', 'planner', 'dispatcher', 'worker'],
  incidents: ['admin', 'planner', 'dispatcher', 'worker', 'auditor'],
  riskSources: ['admin', 'planner', 'dispatcher', 'worker', 'auditor'],
};

export function mayLoadLayer(session: Session | null, layer: LayerKey): boolean {
  const audience = layerAudience[layer];
  if (audience === 'everyone') return true;
  const user = session?.user;
  return Boolean(user && !user.mustChangePassword && audience.includes(user.role));
}

const signedOut: Session = { user: null, csrfToken: null };

export interface SessionState {
  /** null until the server has answered (`checked`). */
  session: Session | null;
  checked: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Open the sign-in dialog (any page may ask for it). */
  openSignIn: () => void;
  signInOpen: boolean;
  closeSignIn: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The session, read once for the whole app (TanStack Query key `['session']`). Signing in or out
 * replaces it and resets every other query, so nothing one user loaded is shown to the next.
 */
export function SessionProvider(props: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: sessionKey,
    // an unreachable session endpoint means "not signed in", not a broken page
    queryFn: ({ signal }) => sessionApi.session(signal).catch((failure: unknown) => {
      if (signal.aborted) throw failure;
      return signedOut;
    }),
    staleTime: Infinity,
  });
  const [signInOpen, setSignInOpen] = useState(false);

  const replaceSession = useCallback(async (next: Session) => {
    queryClient.setQueryData(sessionKey, next);
    await queryClient.resetQueries({ predicate: (entry) => entry.queryKey[0] !== sessionKey[0] });
  }, [queryClient]);

  const signIn = useCallback(async (username: string, password: string) => {
    await replaceSession(await sessionApi.login(username, password));
  }, [replaceSession]);
  const signOut = useCallback(async () => {
    await sessionApi.logout().catch(() => undefined);
    await replaceSession(signedOut);
  }, [replaceSession]);
  const openSignIn = useCallback(() => setSignInOpen(true), []);
  const closeSignIn = useCallback(() => setSignInOpen(false), []);

  const value = useMemo<SessionState>(() => ({
    session: query.data ?? null, checked: query.data !== undefined, signIn, signOut, openSignIn, signInOpen, closeSignIn,
  }), [query.data, signIn, signOut, openSignIn, signInOpen, closeSignIn]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

/** The session and the sign-in actions, from any component under `SessionProvider`. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
