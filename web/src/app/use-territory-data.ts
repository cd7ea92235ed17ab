import { useCallback, useEffect, useState } from 'react';
import { territoryApi } from '../api/territory-api.ts';
import { emptyCollection, type LayerKey } from '../map/layer-definition.ts';
import type { Category, IncidentProperties } from '../../../contract/incidents.ts';
import type { RiskSourceProperties } from '../../../contract/risks.ts';
import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { TileSet } from '../../../contract/tiles.ts';
import type { Collection } from '../api/collection.ts';

/** An incident as the map holds it: the contract's properties, plus `recent` (reported in the last seven days), added here. */
export type MapIncidentProperties = IncidentProperties & { recent?: boolean };

export interface TerritoryData {
  communities: Collection<CommunityProperties>;
  grids: Collection<GridProperties>;
  incidents: Collection<MapIncidentProperties>;
  riskSources: Collection<RiskSourceProperties>;
  categories: Category[];
  /**
   * The vector tile set as of this load (its layout revision names the grids and communities
   * loaded with it); null when it could not be had, and the map then draws the lists instead.
   */
  tiles: TileSet | null;
  /** Optional layers that could not be loaded, with the reason; the rest of the map still works. */
  layerFailures: Partial<Record<LayerKey, string>>;
}

const dayMilliseconds = 24 * 60 * 60 * 1000;
/** The map shows the last 30 days of incidents (a month is what a dispatcher scans); the last 7 are emphasised. */
export const incidentWindowDays = 30;
export const recentIncidentDays = 7;

function markRecent(incidents: Collection<IncidentProperties>, now: number): Collection<MapIncidentProperties> {
  const recentSince = now - recentIncidentDays * dayMilliseconds;
  return {
    ...incidents,
    features: incidents.features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, recent: Date.parse(feature.properties.reportedAt) >= recentSince },
    })),
  };
}

/**
 * Everything the dashboard draws, loaded in parallel; `reload` after a failure. Layers the viewer
 * may not load stay empty, and everything is loaded again when who is signed in changes.
 */
export function useTerritoryData(
  allowed: Record<LayerKey, boolean> | null,
): { data: TerritoryData | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<TerritoryData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const allowedKey = allowed ? JSON.stringify(allowed) : null;
  useEffect(() => {
    if (!allowed) return undefined;
    const abort = new AbortController();
    const { signal } = abort;
    const now = Date.now();
    const layerFailures: Partial<Record<LayerKey, string>> = {};
    // an optional layer that fails is reported and left empty rather than taking the map down
    const optional = <T,>(key: LayerKey, load: () => Promise<Collection<T>>): Promise<Collection<T>> =>
      allowed[key]
        ? load().catch((failure: unknown) => {
            if (signal.aborted) throw failure;
            layerFailures[key] = failure instanceof Error ? failure.message : String(failure);
            return emptyCollection as Collection<T>;
          })
        : Promise.resolve(emptyCollection as Collection<T>);
    setError(null);
    Promise.all([
      territoryApi.communities(signal),
      territoryApi.grids({}, signal),
      optional<IncidentProperties>('incidents', () =>
        territoryApi.incidents({ from: new Date(now - incidentWindowDays * dayMilliseconds).toISOString(), limit: 20_000 }, signal)),
      optional<RiskSourceProperties>('riskSources', () => territoryApi.riskSources(signal)),
      territoryApi.categories(signal),
      // the tiles only draw what the lists already hold: without them the map draws the lists
      territoryApi.tileSet(signal).catch((failure: unknown) => {
        if (signal.aborted) throw failure;
        console.warn('[map] no tile set:', failure instanceof Error ? failure.message : failure);
        return null;
      }),
    ]).then(
      ([communities, grids, incidents, riskSources, categories, tiles]) =>
        setData({
          communities, grids, incidents: markRecent(incidents, now), riskSources,
          categories: categories.categories, tiles, layerFailures,
        }),
      (failure: unknown) => {
        if (!signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => abort.abort();
  }, [attempt, allowedKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { data, error, reload };
}
