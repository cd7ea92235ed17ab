import type { Layer } from '@deck.gl/core';
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { DecodedIncidentPoints } from '../../../contract/incident-points-codec.ts';
import type { GridDensity } from '../../../contract/analytics.ts';
import type { CctvPointProperties, EmergencyEquipmentProperties, RiskSourceProperties } from '../../../contract/risks.ts';
import type { GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { isEmergency, isOverdue, pulseMilliseconds, type LiveIncident } from './use-live-incidents.ts';

export type TimeWindow = '24h' | '7d' | '30d' | 'custom';
export type HeatmapMode = 'heatmap' | 'hexagon' | 'households' | 'area' | 'off';
export type RiskMode = 'off' | 'levels' | 'weighted';

export const windowMilliseconds: Record<Exclude<TimeWindow, 'custom'>, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

type Colour = [number, number, number, number];

/** The points inside [from, to) of the wanted major classes, as one Float32Array of lng/lat pairs. */
export interface FilteredPoints {
  length: number;
  positions: Float32Array;
  /** Reports per major class 1…6 in the window (index 0: unknown). */
  perMajorClass: number[];
}

/**
 * Filter on the decoded typed arrays (minutes since `points.from`, major class bytes): a single
 * pass, no object per point, cheap enough to run every frame of the 12-month playback.
 */
export function filterIncidentPoints(points: DecodedIncidentPoints, from: number, to: number, majorClasses: ReadonlySet<number> | null): FilteredPoints {
  const origin = points.from.getTime();
  const firstMinute = Math.max(0, Math.floor((from - origin) / 60_000));
  const lastMinute = Math.floor((to - origin) / 60_000);
  const { minutes, majorClasses: classes, quantisedLongitudes, quantisedLatitudes } = points;
  const scratch = new Float32Array(points.count * 2);
  const perMajorClass = [0, 0, 0, 0, 0, 0, 0];
  let length = 0;
  for (let index = 0; index < points.count; index++) {
    const minute = minutes[index]!;
    if (minute < firstMinute || minute >= lastMinute) continue;
    const major = classes[index]!;
    perMajorClass[major] = (perMajorClass[major] ?? 0) + 1;
    if (majorClasses && !majorClasses.has(major)) continue;
    scratch[2 * length] = points.originLongitude + quantisedLongitudes[index]! * points.longitudeStep;
    scratch[2 * length + 1] = points.originLatitude + quantisedLatitudes[index]! * points.latitudeStep;
    length++;
  }
  return { length, positions: scratch.subarray(0, length * 2), perMajorClass };
}

const heatColours: [number, number, number][] = [
  [255, 255, 178], [254, 217, 118], [254, 178, 76], [253, 141, 60], [240, 59, 32], [189, 0, 38],
];
const riskHeatColours: [number, number, number][] = [
  [255, 245, 235], [253, 208, 162], [253, 174, 107], [241, 105, 19], [217, 72, 1], [127, 39, 4],
];
const riskColours: Record<number, Colour> = { 1: [224, 49, 49, 235], 2: [247, 103, 7, 235], 3: [242, 194, 0, 235], 4: [28, 126, 214, 235] };
const levelWeights: Record<number, number> = { 1: 8, 2: 4, 3: 2, 4: 1 };

function representativePoint(geometry: GeoJSON.Geometry | null): [number, number] | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  let sumLongitude = 0;
  let sumLatitude = 0;
  let count = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      sumLongitude += value[0] as number;
      sumLatitude += value[1] as number;
      count++;
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return count > 0 ? [sumLongitude / count, sumLatitude / count] : null;
}

export interface RiskPoint {
  id: number;
  name: string;
  level: number;
  overdue: boolean;
  position: [number, number];
}

export function riskPointsOf(collection: Collection<RiskSourceProperties> | null): RiskPoint[] {
  if (!collection) return [];
  return collection.features.flatMap((feature) => {
    const position = representativePoint(feature.geometry as GeoJSON.Geometry);
    return position
      ? [{ id: feature.properties.id, name: feature.properties.name, level: feature.properties.level, overdue: feature.properties.inspectionOverdue, position }]
      : [];
  });
}

/** Sequential blue-to-red steps for the normalised choropleth. */
const choroplethSteps: Colour[] = [
  [239, 243, 255, 150], [198, 219, 239, 165], [158, 202, 225, 175], [253, 174, 107, 185], [241, 105, 19, 195], [166, 54, 3, 205],
];

export interface CommandLayerState {
  points: FilteredPoints | null;
  mode: HeatmapMode;
  riskMode: RiskMode;
  riskPoints: RiskPoint[];
  grids: Collection<GridProperties> | null;
  densities: GridDensity[] | null;
  equipment: GeoJSON.FeatureCollection<GeoJSON.Point, EmergencyEquipmentProperties> | null;
  cctv: GeoJSON.FeatureCollection<GeoJSON.Point, CctvPointProperties> | null;
  live: LiveIncident[];
  /** performance.now() of this frame, for the pulse. */
  frameTime: number;
  wallClock: number;
  pickedLocation: [number, number] | null;
  /** Larger radii on the wall display. */
  scale?: number;
}

/** What the historical layers are drawn from: none of it changes while the pulse animates. */
type BackgroundInputs = Pick<CommandLayerState, 'points' | 'mode' | 'riskMode' | 'riskPoints' | 'grids' | 'densities' | 'equipment' | 'cctv'> & { scale: number };

/**
 * The historical layers: the choropleth, the heatmap or hexagons, risk sources, equipment and
 * CCTV. Each call makes new layer objects and new `data` objects, so callers keep the result for as
 * long as the inputs are the same (`createCommandLayerBuilder`): a new `data` object makes deck.gl
 * re-upload the points and the HexagonLayer re-aggregate them.
 */
export function buildBackgroundLayers(state: BackgroundInputs): Layer[] {
  const layers: Layer[] = [];
  const { points, scale } = state;

  if ((state.mode === 'households' || state.mode === 'area') && state.grids && state.densities) {
    const byGrid = new Map(state.densities.map((density) => [density.gridId, density]));
    const valueOf = (gridId: number) => {
      const density = byGrid.get(gridId);
      if (!density) return null;
      return state.mode === 'households' ? density.incidentsPerHundredHouseholds : density.incidentsPerSquareKilometre;
    };
    const values = state.densities.map((density) => (state.mode === 'households' ? density.incidentsPerHundredHouseholds : density.incidentsPerSquareKilometre))
      .filter((value): value is number => value !== null)
      .sort((a, b) => a - b);
    const breaks = [1, 2, 3, 4, 5].map((step) => values[Math.min(values.length - 1, Math.floor((values.length * step) / 6))] ?? 0);
    layers.push(
      new GeoJsonLayer<GridProperties>({
        id: 'grid-density-choropleth',
        data: state.grids as unknown as GeoJSON.FeatureCollection,
        filled: true,
        stroked: true,
        pickable: true,
        getFillColor: (feature) => {
          const value = valueOf((feature.properties as GridProperties).id);
          if (value === null) return [200, 200, 200, 60];
          const step = breaks.filter((limit) => value >= limit).length;
          return choroplethSteps[Math.min(step, choroplethSteps.length - 1)]!;
        },
        getLineColor: [255, 255, 255, 200],
        getLineWidth: 1,
        lineWidthUnits: 'pixels',
        updateTriggers: { getFillColor: [state.mode, state.densities] },
      }),
    );
  }

  if (points && state.mode === 'heatmap') {
    layers.push(
      new HeatmapLayer({
        id: 'violations-heatmap',
        data: { length: points.length, attributes: { getPosition: { value: points.positions, size: 2 } } },
        radiusPixels: 34 * scale,
        intensity: 1,
        threshold: 0.1,
        opacity: 0.8,
        colorRange: heatColours,
        aggregation: 'SUM',
        getWeight: 1,
      }) as unknown as Layer,
    );
  }
  if (points && state.mode === 'hexagon') {
    const positions = points.positions;
    layers.push(
      new HexagonLayer({
        id: 'violations-hexagons',
        data: { length: points.length },
        getPosition: (_: unknown, { index }: { index: number }) => [positions[2 * index]!, positions[2 * index + 1]!],
        radius: 120,
        coverage: 0.88,
        extruded: false,
        opacity: 0.7,
        colorRange: heatColours,
        pickable: true,
        gpuAggregation: false,
      }) as unknown as Layer,
    );
  }

  if (state.riskMode === 'weighted') {
    layers.push(
      new HeatmapLayer<RiskPoint>({
        id: 'risk-sources-weighted-heatmap',
        data: state.riskPoints,
        getPosition: (risk) => risk.position,
        getWeight: (risk) => levelWeights[risk.level] ?? 1,
        radiusPixels: 45 * scale,
        intensity: 1,
        colorRange: riskHeatColours,
      }) as unknown as Layer,
    );
  }
  if (state.riskMode === 'levels' || state.riskMode === 'weighted') {
    layers.push(
      new ScatterplotLayer<RiskPoint>({
        id: 'risk-sources-levels',
        data: state.riskPoints,
        getPosition: (risk) => risk.position,
        getFillColor: (risk) => riskColours[risk.level] ?? [120, 120, 120, 200],
        getLineColor: (risk) => (risk.overdue ? [20, 20, 20, 255] : [255, 255, 255, 255]),
        getLineWidth: (risk) => (risk.overdue ? 2.5 : 1.2),
        lineWidthUnits: 'pixels',
        stroked: true,
        radiusUnits: 'pixels',
        getRadius: (risk) => (7 - risk.level) * scale,
        pickable: true,
      }),
    );
  }

  if (state.equipment) {
    layers.push(
      new ScatterplotLayer<GeoJSON.Feature<GeoJSON.Point, EmergencyEquipmentProperties>>({
        id: 'emergency-equipment',
        data: state.equipment.features,
        getPosition: (feature) => feature.geometry.coordinates as [number, number],
        getFillColor: (feature) => (feature.properties.expired ? [224, 49, 49, 255] : feature.properties.expiresSoon ? [245, 159, 0, 255] : [47, 158, 68, 255]),
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        stroked: true,
        radiusUnits: 'pixels',
        getRadius: 4 * scale,
        pickable: true,
      }),
    );
  }
  if (state.cctv) {
    layers.push(
      new ScatterplotLayer<GeoJSON.Feature<GeoJSON.Point, CctvPointProperties>>({
        id: 'cctv-points',
        data: state.cctv.features,
        getPosition: (feature) => feature.geometry.coordinates as [number, number],
        getFillColor: (feature) => (feature.properties.online ? [52, 58, 64, 255] : [173, 181, 189, 255]),
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        stroked: true,
        radiusUnits: 'pixels',
        getRadius: 3.5 * scale,
        pickable: true,
      }),
    );
  }
  return layers;
}

/** The live cases' layer, redrawn when a case changes and once a minute (overdue colouring). */
export function buildLiveLayer(live: LiveIncident[], wallClock: number, scale = 1): Layer {
  const minute = Math.floor(wallClock / 60_000);
  return new ScatterplotLayer<LiveIncident>({
    id: 'live-incidents',
    data: live,
    getPosition: (incident) => [incident.longitude, incident.latitude],
    getFillColor: (incident) =>
      isEmergency(incident) ? [224, 49, 49, 255] : isOverdue(incident, wallClock) ? [201, 42, 42, 255] : [11, 92, 173, 235],
    getLineColor: (incident) => (isOverdue(incident, wallClock) ? [255, 236, 153, 255] : [255, 255, 255, 255]),
    getLineWidth: (incident) => (isOverdue(incident, wallClock) ? 2 : 1.5),
    lineWidthUnits: 'pixels',
    stroked: true,
    radiusUnits: 'pixels',
    getRadius: (incident) => (isEmergency(incident) ? 7 : 5) * scale,
    pickable: true,
    updateTriggers: { getFillColor: minute, getLineColor: minute, getLineWidth: minute },
  });
}

/** The cases that arrived in the last few seconds and still pulse at `frameTime`. */
export function pulsingIncidents(live: LiveIncident[], frameTime: number): LiveIncident[] {
  return live.filter((incident) => incident.arrivedAt !== null && frameTime - incident.arrivedAt < pulseMilliseconds);
}

/**
 * The pulse: its own small layer, the only one rebuilt on every animation frame (its radius and
 * colour follow the frame time), so the frames never touch the historical layers. Null when nothing pulses.
 */
export function buildPulseLayer(live: LiveIncident[], frameTime: number, scale = 1): Layer | null {
  const pulsing = pulsingIncidents(live, frameTime);
  if (pulsing.length === 0) return null;
  const phaseOf = (incident: LiveIncident) => ((frameTime - incident.arrivedAt!) % 1000) / 1000;
  return new ScatterplotLayer<LiveIncident>({
    id: 'live-incidents-pulse',
    data: pulsing,
    getPosition: (incident) => [incident.longitude, incident.latitude],
    getRadius: (incident) => (8 + phaseOf(incident) * 26) * scale,
    getFillColor: (incident) => {
      const phase = phaseOf(incident);
      return isEmergency(incident) ? [224, 49, 49, Math.round(160 * (1 - phase))] : [11, 92, 173, Math.round(150 * (1 - phase))];
    },
    radiusUnits: 'pixels',
    updateTriggers: { getRadius: frameTime, getFillColor: frameTime },
  });
}

function buildPickedLayer(pickedLocation: [number, number]): Layer {
  return new ScatterplotLayer<[number, number]>({
    id: 'picked-location',
    data: [pickedLocation],
    getPosition: (position) => position,
    getFillColor: [250, 82, 82, 255],
    getLineColor: [255, 255, 255, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    radiusUnits: 'pixels',
    getRadius: 8,
  });
}

/** A key that changes when what the live layer shows changes, not when the same cases come back in a new array. */
export function liveContentKey(live: LiveIncident[]): string {
  return live.map((incident) => `${incident.id}:${incident.status}:${incident.dueAt ?? ''}:${incident.longitude},${incident.latitude}`).join('|');
}

const sameBackground = (a: BackgroundInputs, b: BackgroundInputs) =>
  (Object.keys(a) as (keyof BackgroundInputs)[]).every((key) => a[key] === b[key]);

/**
 * The command centre's layer list, with each part kept while its inputs are the same: the
 * historical layers (same objects, same `data`) until the filter, mode or data change; the live
 * layer until a case changes (by content) or the minute turns; the pulse alone is new each frame.
 * Layer ids are stable, so deck.gl diffs the list and keeps the GPU buffers of unchanged layers.
 */
export function createCommandLayerBuilder(): (state: CommandLayerState) => Layer[] {
  let background: { inputs: BackgroundInputs; layers: Layer[] } | null = null;
  let live: { key: string; minute: number; scale: number; layer: Layer } | null = null;
  let picked: { at: [number, number]; layer: Layer } | null = null;
  return (state) => {
    const scale = state.scale ?? 1;
    const inputs: BackgroundInputs = {
      points: state.points, mode: state.mode, riskMode: state.riskMode, riskPoints: state.riskPoints, grids: state.grids,
      densities: state.densities, equipment: state.equipment, cctv: state.cctv, scale,
    };
    if (!background || !sameBackground(background.inputs, inputs)) background = { inputs, layers: buildBackgroundLayers(inputs) };
    const key = liveContentKey(state.live);
    const minute = Math.floor(state.wallClock / 60_000);
    if (!live || live.key !== key || live.minute !== minute || live.scale !== scale) {
      live = { key, minute, scale, layer: buildLiveLayer(state.live, state.wallClock, scale) };
    }
    const pulse = buildPulseLayer(state.live, state.frameTime, scale);
    if (state.pickedLocation && picked?.at !== state.pickedLocation) picked = { at: state.pickedLocation, layer: buildPickedLayer(state.pickedLocation) };
    return [
      ...background.layers,
      ...(pulse ? [pulse] : []),
      live.layer,
      ...(state.pickedLocation && picked ? [picked.layer] : []),
    ];
  };
}

/** The whole layer list from one state, nothing kept (the builder above is what the map uses). */
export function buildCommandLayers(state: CommandLayerState): Layer[] {
  return createCommandLayerBuilder()(state);
}
