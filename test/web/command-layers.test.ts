import { describe, expect, test } from 'vitest';
import { decodeIncidentPoints, IncidentPointsEncoder } from '../../contract/incident-points-codec.ts';
import {
  buildPulseLayer, createCommandLayerBuilder, filterIncidentPoints, liveContentKey, pulsingIncidents, riskPointsOf, type CommandLayerState,
} from '../../web/src/command-centre/command-layers.ts';
import { pulseMilliseconds, type LiveIncident } from '../../web/src/command-centre/use-live-incidents.ts';

const incident = (id: number, arrivedAt: number | null, majorCode = '01'): LiveIncident => ({
  id, trackingCode: `E${id}`, status: 'registered', categoryCode: `${majorCode}01`, majorCode, longitude: 117 + id / 1000, latitude: 31,
  reportedAt: '2026-05-01T00:00:00.000Z', dueAt: null, arrivedAt,
});

function state(overrides: Partial<CommandLayerState> = {}): CommandLayerState {
  return {
    points: { length: 2, positions: new Float32Array([117, 31, 117.01, 31.01]), perMajorClass: [0, 2, 0, 0, 0, 0, 0] },
    mode: 'hexagon', riskMode: 'levels', riskPoints: [{ id: 1, name: '加油站', level: 2, overdue: false, position: [117, 31] }],
    grids: null, densities: null, equipment: null, cctv: null,
    live: [incident(1, null), incident(2, 1000, '05')],
    frameTime: 1500, wallClock: Date.parse('2026-05-01T08:00:00Z'), pickedLocation: null, scale: 1,
    ...overrides,
  };
}

describe('command-centre layers', () => {
  test('have stable ids in a fixed order: the historical layers, the pulse, the live cases', () => {
    const layers = createCommandLayerBuilder()(state());
    expect(layers.map((layer) => layer.id)).toEqual(['violations-hexagons', 'risk-sources-levels', 'live-incidents-pulse', 'live-incidents']);
    expect(createCommandLayerBuilder()(state({ mode: 'heatmap', riskMode: 'off', frameTime: 1000 + pulseMilliseconds })).map((layer) => layer.id))
      .toEqual(['violations-heatmap', 'live-incidents']);
  });

  test('an animation frame rebuilds only the pulse: the hexagons keep their layer and data, so nothing re-aggregates', () => {
    const build = createCommandLayerBuilder();
    // the hook's inputs are memoised upstream (filtered points, risk points): a frame changes only the time
    const base = state();
    const first = build({ ...base, frameTime: 1100 });
    const second = build({ ...base, frameTime: 1200 });
    const byId = (layers: typeof first, id: string) => layers.find((layer) => layer.id === id)!;
    expect(byId(second, 'violations-hexagons')).toBe(byId(first, 'violations-hexagons'));
    expect(byId(second, 'violations-hexagons').props.data).toBe(byId(first, 'violations-hexagons').props.data);
    expect(byId(second, 'risk-sources-levels')).toBe(byId(first, 'risk-sources-levels'));
    expect(byId(second, 'live-incidents')).toBe(byId(first, 'live-incidents'));
    expect(byId(second, 'live-incidents-pulse')).not.toBe(byId(first, 'live-incidents-pulse'));
  });

  test('the live layer is kept for the same cases in a new array, and redrawn when a case changes or the minute turns', () => {
    const build = createCommandLayerBuilder();
    const live = (layers: ReturnType<typeof build>) => layers.find((layer) => layer.id === 'live-incidents')!;
    const base = state();
    const first = live(build(base));
    expect(live(build({ ...base, live: base.live.map((item) => ({ ...item })) }))).toBe(first);
    const changed = live(build({ ...base, live: [{ ...base.live[0]!, status: 'handling' }, base.live[1]!] }));
    expect(changed).not.toBe(first);
    expect(live(build({ ...base, live: [{ ...base.live[0]!, status: 'handling' }, base.live[1]!], wallClock: base.wallClock + 60_000 }))).not.toBe(changed);
  });

  test('new filtered points (another window or class) rebuild the historical layers', () => {
    const build = createCommandLayerBuilder();
    const base = state();
    const first = build(base);
    const second = build({ ...base, points: { length: 1, positions: new Float32Array([117, 31]), perMajorClass: [0, 1, 0, 0, 0, 0, 0] } });
    expect(second[0]).not.toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[0]!.id).toBe('violations-hexagons');
  });

  test('a case pulses for a few seconds after it arrives, and never when it was loaded with the list', () => {
    const live = [incident(1, null), incident(2, 1000)];
    expect(pulsingIncidents(live, 1000).map((item) => item.id)).toEqual([2]);
    expect(pulsingIncidents(live, 1000 + pulseMilliseconds - 1).map((item) => item.id)).toEqual([2]);
    expect(pulsingIncidents(live, 1000 + pulseMilliseconds)).toEqual([]);
    expect(buildPulseLayer(live, 1000 + pulseMilliseconds)).toBeNull();
    expect(liveContentKey(live)).toBe(liveContentKey(live.map((item) => ({ ...item, arrivedAt: 5 }))));
  });

  test('risk sources are drawn at a representative point of their geometry', () => {
    const points = riskPointsOf({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [117.1, 31.1] }, properties: { id: 1, name: '甲', level: 1, inspectionOverdue: true } as never },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[117, 31], [117.2, 31], [117.2, 31.2], [117, 31.2]]] }, properties: { id: 2, name: '乙', level: 3, inspectionOverdue: false } as never },
      ],
    });
    expect(points).toEqual([
      { id: 1, name: '甲', level: 1, overdue: true, position: [117.1, 31.1] },
      { id: 2, name: '乙', level: 3, overdue: false, position: [117.1, 31.1] },
    ]);
  });
});

describe('filterIncidentPoints', () => {
  test('keeps the points of the window and the wanted classes, counting every class of the window', () => {
    const from = new Date('2026-05-01T00:00:00Z');
    const encoder = new IncidentPointsEncoder({ minLongitude: 116.9, minLatitude: 30.9, maxLongitude: 117.3, maxLatitude: 31.3 }, from);
    encoder.add(117.0, 31.0, 60, 1);
    encoder.add(117.1, 31.1, 120, 5);
    encoder.add(117.2, 31.2, 300, 1);
    const encoded = encoder.finish();
    const points = decodeIncidentPoints(encoded);
    const all = filterIncidentPoints(points, Date.parse('2026-05-01T00:00:00Z'), Date.parse('2026-05-01T03:00:00Z'), null);
    expect(all.length).toBe(2);
    expect(all.perMajorClass[1]).toBe(1);
    expect(all.perMajorClass[5]).toBe(1);
    const emergencies = filterIncidentPoints(points, Date.parse('2026-05-01T00:00:00Z'), Date.parse('2026-05-01T03:00:00Z'), new Set([5]));
    expect(emergencies.length).toBe(1);
    expect(emergencies.positions[0]).toBeCloseTo(117.1, 3);
    expect(emergencies.positions[1]).toBeCloseTo(31.1, 3);
    expect(emergencies.perMajorClass[1]).toBe(1); // counted, though not drawn
  });
});
