import type { Map as MapLibreMap } from 'maplibre-gl';
import type { SnapToCustom } from 'terra-draw';

type Position = [number, number];
interface Segment {
  start: Position;
  end: Position;
  /** bounding box, for a quick rejection: minLng, minLat, maxLng, maxLat */
  box: [number, number, number, number];
}

/** How close, in screen pixels, the pointer must come to a vertex or an edge to snap to it. */
export const snapTolerancePixels = 12;

function segmentsOf(geometry: GeoJSON.Geometry, view: [number, number, number, number], into: Segment[]): void {
  const addLine = (positions: GeoJSON.Position[]) => {
    for (let index = 1; index < positions.length; index += 1) {
      const start = positions[index - 1] as Position;
      const end = positions[index] as Position;
      const box: Segment['box'] = [Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1])];
      if (box[2] < view[0] || box[0] > view[2] || box[3] < view[1] || box[1] > view[3]) continue;
      into.push({ start, end, box });
    }
  };
  switch (geometry.type) {
    case 'LineString': addLine(geometry.coordinates); break;
    case 'MultiLineString': geometry.coordinates.forEach(addLine); break;
    case 'Polygon': geometry.coordinates.forEach(addLine); break;
    case 'MultiPolygon': geometry.coordinates.forEach((polygon) => polygon.forEach(addLine)); break;
    case 'GeometryCollection': geometry.geometries.forEach((part) => segmentsOf(part, view, into)); break;
    default: break;
  }
}

/**
 * The edges a drawing snaps to — grid outlines, road centre lines, building outlines — cut down to
 * what the current view shows (refreshed on every `moveend`), and a terra-draw `toCustom` snapper
 * that prefers a vertex to an edge within the pixel tolerance.
 */
export class SnappingCandidates {
  private segments: Segment[] = [];
  private sources: GeoJSON.FeatureCollection[] = [];

  constructor(private readonly map: MapLibreMap) {}

  setSources(sources: GeoJSON.FeatureCollection[]): void {
    this.sources = sources;
    this.refresh();
  }

  /** Keep only what is in view, so a mouse move looks at hundreds of segments, not the whole zone. */
  refresh(): void {
    const bounds = this.map.getBounds();
    const view: [number, number, number, number] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    const segments: Segment[] = [];
    for (const collection of this.sources) for (const feature of collection.features) if (feature.geometry) segmentsOf(feature.geometry, view, segments);
    this.segments = segments;
  }

  get count(): number {
    return this.segments.length;
  }

  readonly snap: SnapToCustom = (event, context) => {
    const pointer = { x: event.containerX, y: event.containerY };
    const corner = context.unproject(pointer.x + snapTolerancePixels, pointer.y - snapTolerancePixels);
    const reach: [number, number] = [Math.abs(corner.lng - event.lng), Math.abs(corner.lat - event.lat)];
    let bestVertex: { position: Position; distance: number } | null = null;
    let bestEdge: { position: Position; distance: number } | null = null;
    for (const segment of this.segments) {
      if (segment.box[2] < event.lng - reach[0] || segment.box[0] > event.lng + reach[0]) continue;
      if (segment.box[3] < event.lat - reach[1] || segment.box[1] > event.lat + reach[1]) continue;
      const start = context.project(segment.start[0], segment.start[1]);
      const end = context.project(segment.end[0], segment.end[1]);
      for (const [vertex, screen] of [[segment.start, start], [segment.end, end]] as const) {
        const distance = Math.hypot(screen.x - pointer.x, screen.y - pointer.y);
        if (distance <= snapTolerancePixels && (!bestVertex || distance < bestVertex.distance)) bestVertex = { position: vertex, distance };
      }
      const dx = end.x - start.x;
      const dy = end.y - start.y;
      const lengthSquared = dx * dx + dy * dy;
      if (lengthSquared === 0) continue;
      const along = Math.max(0, Math.min(1, ((pointer.x - start.x) * dx + (pointer.y - start.y) * dy) / lengthSquared));
      const distance = Math.hypot(start.x + along * dx - pointer.x, start.y + along * dy - pointer.y);
      if (distance <= snapTolerancePixels && (!bestEdge || distance < bestEdge.distance)) {
        const position: Position = [
          segment.start[0] + along * (segment.end[0] - segment.start[0]),
          segment.start[1] + along * (segment.end[1] - segment.start[1]),
        ];
        bestEdge = { position, distance };
      }
    }
    return bestVertex?.position ?? bestEdge?.position;
  };
}
