import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api-client.ts';
import type { Role, Session } from '../api/api-types.ts';
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

export function useSession() {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    api.session(abort.signal).then(
      (current) => {
        setSession(current);
        setChecked(true);
      },
      () => {
        if (!abort.signal.aborted) {
          setSession({ user: null, csrfToken: null });
          setChecked(true);
        }
      },
    );
    return () => abort.abort();
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    setSession(await api.login(username, password));
  }, []);
  const signOut = useCallback(async () => {
    await api.logout(session?.csrfToken ?? null).catch(() => undefined);
    setSession({ user: null, csrfToken: null });
  }, [session]);

  return { session, checked, signIn, signOut };
}
