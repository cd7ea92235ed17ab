import { useEffect, useMemo, useState } from 'react';
import type { GridDensity } from '../../../contract/analytics.ts';
import { analyticsApi, type DecodedIncidentPoints } from '../api/analytics-api.ts';
import { filterIncidentPoints, windowMilliseconds, type FilteredPoints, type HeatmapMode, type RiskMode, type TimeWindow } from './command-layers.ts';

const yearMilliseconds = 365 * 86_400_000;

export interface HeatmapSettings {
  window: TimeWindow;
  customRange: [number, number] | null;
  /** Major classes 1…6 to show; empty means all. */
  majorClasses: number[];
  /** A minor class code (4 digits) asks the server for that class only. */
  minorCategory: string | null;
  mode: HeatmapMode;
  riskMode: RiskMode;
  showEquipment: boolean;
  showCctv: boolean;
}

export const defaultHeatmapSettings: HeatmapSettings = {
  window: '30d',
  customRange: null,
  majorClasses: [],
  minorCategory: null,
  mode: 'heatmap',
  riskMode: 'off',
  showEquipment: false,
  showCctv: false,
};

export interface Playback {
  /** The window follows the cursor (playing or paused on a frame) instead of ending now. */
  active: boolean;
  playing: boolean;
  /** Epoch ms of the end of the window shown while playing. */
  cursor: number;
}

/** The window [from, to) the settings ask for, ending now (or the playback cursor). */
export function windowOf(settings: HeatmapSettings, now: number, playbackCursor: number | null): [number, number] {
  if (settings.window === 'custom' && settings.customRange) return settings.customRange;
  const width = windowMilliseconds[settings.window === 'custom' ? '30d' : settings.window];
  const end = playbackCursor ?? now;
  return [end - width, end];
}

/**
 * The historical points: one binary request for the last 12 months (or the custom range when it
 * reaches further back), filtered client-side per window, class and playback frame.
 */
export function useHeatmap(settings: HeatmapSettings, enabled: boolean) {
  const [now] = useState(() => Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const [points, setPoints] = useState<DecodedIncidentPoints | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [densities, setDensities] = useState<GridDensity[] | null>(null);
  const [playback, setPlayback] = useState<Playback>({ active: false, playing: false, cursor: now - yearMilliseconds + windowMilliseconds['30d'] });

  const fetchFrom = settings.window === 'custom' && settings.customRange && settings.customRange[0] < now - yearMilliseconds
    ? settings.customRange[0]
    : now - yearMilliseconds;
  const fetchTo = settings.window === 'custom' && settings.customRange ? Math.max(now, settings.customRange[1]) : now;

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    setLoading(true);
    setFailure(null);
    analyticsApi
      .incidentPoints({ from: new Date(fetchFrom), to: new Date(fetchTo), ...(settings.minorCategory ? { category: settings.minorCategory } : {}) }, abort.signal)
      .then(setPoints, (error: unknown) => {
        if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [enabled, fetchFrom, fetchTo, settings.minorCategory]);

  const [from, to] = windowOf(settings, now, playback.active ? playback.cursor : null);
  const normalised = settings.mode === 'households' || settings.mode === 'area';
  const category = settings.minorCategory ?? (settings.majorClasses.length === 1 ? `0${settings.majorClasses[0]}` : undefined);
  useEffect(() => {
    if (!enabled || !normalised) return;
    const abort = new AbortController();
    analyticsApi.gridDensities({ from: new Date(from), to: new Date(to), ...(category ? { category } : {}) }, abort.signal).then(
      (answer) => setDensities(answer.grids),
      () => undefined,
    );
    return () => abort.abort();
  }, [enabled, normalised, from, to, category]);

  const majorSet = useMemo(() => (settings.majorClasses.length > 0 ? new Set(settings.majorClasses) : null), [settings.majorClasses]);
  const filtered: FilteredPoints | null = useMemo(
    () => (points ? filterIncidentPoints(points, from, to, majorSet) : null),
    [points, from, to, majorSet],
  );

  // the play control: the 30-day window slides over the last 12 months, about 10 s end to end
  const playing = playback.playing;
  useEffect(() => {
    if (!playing) return;
    const step = 3 * 86_400_000;
    const timer = window.setInterval(() => {
      setPlayback((current) => {
        const next = current.cursor + step;
        return next > now ? { active: true, playing: false, cursor: now } : { ...current, cursor: next };
      });
    }, 120);
    return () => window.clearInterval(timer);
  }, [playing, now]);

  const play = () => setPlayback((current) => ({ active: true, playing: true, cursor: current.cursor >= now ? now - yearMilliseconds + windowMilliseconds['30d'] : current.cursor }));
  const pause = () => setPlayback((current) => ({ ...current, playing: false }));
  const seek = (cursor: number) => setPlayback((current) => ({ ...current, active: true, cursor }));
  const stop = () => setPlayback((current) => ({ ...current, active: false, playing: false }));

  return { now, points, filtered, densities: normalised ? densities : null, loading, failure, from, to, playback, play, pause, seek, stop, yearStart: now - yearMilliseconds };
}
