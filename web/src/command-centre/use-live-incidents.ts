import { useCallback, useEffect, useRef, useState } from 'react';
import { territoryApi } from '../api/territory-api.ts';
import type { IncidentStatus } from '../../../contract/incidents.ts';

/** An incident as the live map and list need it: the stream's payload plus when it arrived here. */
export interface LiveIncident {
  id: number;
  trackingCode: string;
  status: IncidentStatus;
  categoryCode: string;
  majorCode: string | null;
  longitude: number;
  latitude: number;
  reportedAt: string;
  dueAt: string | null;
  /** performance.now() when the stream announced it as new; drives the pulse. */
  arrivedAt: number | null;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting';

const closedStatuses = new Set<IncidentStatus>(['closed', 'rejected']);
const emergencyMajorCode = '05';
const muteStorageKey = 'gridatlas.command.alertMuted';
export const pulseMilliseconds = 4000;

function rememberedMute(): boolean {
  try {
    return window.localStorage.getItem(muteStorageKey) === 'true';
  } catch {
    return false;
  }
}

let audioContext: AudioContext | null = null;

/** Two short beeps from an oscillator: no audio file to load, works offline. */
export function playEmergencyBeep(): void {
  try {
    audioContext ??= new AudioContext();
    if (audioContext.state === 'suspended') void audioContext.resume();
    const start = audioContext.currentTime;
    for (const offset of [0, 0.28]) {
      const oscillator = audioContext.createOscillator();
      const gain = audioContext.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
      oscillator.connect(gain).connect(audioContext.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.24);
    }
  } catch {
    // no audio device: the visual alert remains
  }
}

interface StreamPayload {
  id: number;
  trackingCode: string;
  status: IncidentStatus;
  categoryCode: string;
  majorCode: string | null;
  longitude: number;
  latitude: number;
  reportedAt: string;
  dueAt: string | null;
}

export function isEmergency(incident: Pick<LiveIncident, 'majorCode' | 'categoryCode'>): boolean {
  return (incident.majorCode ?? incident.categoryCode.slice(0, 2)) === emergencyMajorCode;
}

export function isOverdue(incident: Pick<LiveIncident, 'dueAt' | 'status'>, now: number): boolean {
  return incident.dueAt !== null && !['handled', 'checked', 'closed', 'rejected', 'backlog'].includes(incident.status) && Date.parse(incident.dueAt) < now;
}

/**
 * The open cases, kept current by the server's event stream (`GET /api/stream`). The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed;
 * a `reset` (replay no longer possible) reloads the list from the API.
 */
export function useLiveIncidents(enabled: boolean) {
  const [incidents, setIncidents] = useState<Map<number, LiveIncident>>(new Map());
  const [streamState, setStreamState] = useState<StreamState>('connecting');
  const [alert, setAlert] = useState<LiveIncident | null>(null);
  const [muted, setMutedState] = useState(rememberedMute);
  const [layoutVersion, setLayoutVersion] = useState(0);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  const setMuted = useCallback((next: boolean) => {
    setMutedState(next);
    try {
      window.localStorage.setItem(muteStorageKey, String(next));
    } catch {
      // private mode: remembered for this page only
    }
  }, []);

  const reload = useCallback(async (signal?: AbortSignal) => {
    const collection = await territoryApi.incidents({ status: ['reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework'], limit: 500 }, signal);
    const next = new Map<number, LiveIncident>();
    for (const feature of collection.features) {
      const geometry = feature.geometry as GeoJSON.Point | null;
      if (!geometry || geometry.type !== 'Point') continue;
      const properties = feature.properties;
      next.set(properties.id, {
        id: properties.id,
        trackingCode: properties.trackingCode,
        status: properties.status,
        categoryCode: properties.categoryCode,
        majorCode: properties.majorCode,
        longitude: geometry.coordinates[0]!,
        latitude: geometry.coordinates[1]!,
        reportedAt: properties.reportedAt,
        dueAt: properties.dueAt,
        arrivedAt: null,
      });
    }
    // anything that arrived through the stream while the list loaded stays
    setIncidents((current) => {
      for (const [id, incident] of current) if (incident.arrivedAt !== null && !next.has(id)) next.set(id, incident);
      return next;
    });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    reload(abort.signal).catch(() => undefined);
    const source = new EventSource('/api/stream');
    const apply = (type: 'incident.created' | 'incident.changed') => (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as { payload: StreamPayload };
      const payload = event.payload;
      setIncidents((current) => {
        const next = new Map(current);
        if (type === 'incident.changed' && closedStatuses.has(payload.status)) {
          next.delete(payload.id);
          return next;
        }
        const previous = current.get(payload.id);
        next.set(payload.id, { ...payload, arrivedAt: type === 'incident.created' ? performance.now() : (previous?.arrivedAt ?? null) });
        return next;
      });
      if (type === 'incident.created' && isEmergency(payload)) {
        setAlert({ ...payload, arrivedAt: performance.now() });
        if (!mutedRef.current) playEmergencyBeep();
      }
    };
    source.addEventListener('open', () => setStreamState('open'));
    source.addEventListener('error', () => setStreamState(source.readyState === EventSource.CLOSED ? 'connecting' : 'reconnecting'));
    source.addEventListener('incident.created', apply('incident.created'));
    source.addEventListener('incident.changed', apply('incident.changed'));
    source.addEventListener('layout.changed', () => setLayoutVersion((version) => version + 1));
    source.addEventListener('reset', () => void reload().catch(() => undefined));
    return () => {
      abort.abort();
      source.close();
    };
  }, [enabled, reload]);

  return { incidents, streamState, alert, dismissAlert: () => setAlert(null), muted, setMuted, layoutVersion };
}
