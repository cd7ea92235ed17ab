import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { PmtilesArchive } from './pmtiles-archive.ts';

/**
 * The basemap style. With no `glyphs` URL MapLibre draws every label locally (TinySDF) using the
 * `text-font` stack as CSS font families, so Chinese labels need no network at all. The stacks
 * are published in the style's metadata so the client's own label layers use the same fonts.
 */
export const fontStacks = {
  regular: ['Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
  // MapLibre reads the weight from the first family's name; the next families then render bold
  bold: ['Noto Sans CJK SC Bold', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
};

export const demoAttribution = '© GridAtlas synthetic demo data 演示数据';
export const tiandituAttribution = '© 天地图 Tianditu GS(2024)0650号';

export type BasemapMode = 'offline' | 'pmtiles' | 'tianditu' | 'style-url';

export interface StyleInput {
  mode: BasemapMode;
  /** Where the layer documents are served; relative, the client makes them absolute. */
  layerUrl: (layer: string) => string;
  bounds: [number, number, number, number] | null;
  pmtiles?: { archive: PmtilesArchive; url: string };
  tiandituKey?: string;
}

const palette = {
  background: '#f1efe9',
  land: '#ece9e2',
  industrial: '#e9e6ee',
  block: '#f5f3ee',
  farmland: '#edf0da',
  green: '#d7e8c9',
  water: '#aacbe2',
  waterLabel: '#3f6f96',
  roadCasing: '#d8d1c4',
  mainRoad: '#fdf3d8',
  mainRoadCasing: '#e2cd98',
  road: '#ffffff',
  building: '#ded8ce',
  buildingOutline: '#cbc2b4',
  community: '#7a6fa0',
  label: '#5b5750',
  halo: 'rgba(255,255,255,0.92)',
};

const zoomRamp = (...stops: number[]): ExpressionSpecification =>
  ['interpolate', ['exponential', 1.6], ['zoom'], ...stops] as unknown as ExpressionSpecification;
const isPolygon: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isLine: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const isPoint: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
const roadClass = (...classes: string[]): ExpressionSpecification => ['match', ['get', 'class'], classes, true, false];

function geojsonSource(url: string): SourceSpecification {
  return { type: 'geojson', data: url, attribution: demoAttribution };
}

function roadLabel(id: string, classes: string[], minzoom: number): LayerSpecification {
  return {
    id, type: 'symbol', source: 'basemap-road', minzoom,
    filter: ['all', isLine, ['has', 'name'], roadClass(...classes)],
    layout: {
      'symbol-placement': 'line',
      'text-field': ['get', 'name'],
      'text-font': fontStacks.regular,
      'text-size': ['interpolate', ['linear'], ['zoom'], 13, 11, 17, 13],
      'text-max-angle': 30,
      'symbol-spacing': 360,
      'text-padding': 4,
    },
    paint: { 'text-color': '#6a6253', 'text-halo-color': palette.halo, 'text-halo-width': 1.6 },
  };
}

/** Land, water, roads, buildings and labels drawn from the project's own tables. */
function ownLayers(): LayerSpecification[] {
  return [
    { id: 'land', type: 'fill', source: 'basemap-land', filter: isPolygon,
      paint: { 'fill-color': ['match', ['get', 'class'], 'industrial', palette.industrial, palette.land] } },
    { id: 'farmland', type: 'fill', source: 'basemap-farmland', filter: isPolygon,
      paint: { 'fill-color': palette.farmland, 'fill-outline-color': '#dfe3c6' } },
    { id: 'block', type: 'fill', source: 'basemap-block', filter: isPolygon, paint: { 'fill-color': palette.block } },
    { id: 'green', type: 'fill', source: 'basemap-green', filter: isPolygon, paint: { 'fill-color': palette.green } },
    { id: 'water', type: 'fill', source: 'basemap-water', filter: isPolygon, paint: { 'fill-color': palette.water } },
    { id: 'waterway', type: 'line', source: 'basemap-water', filter: isLine,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.water, 'line-width': zoomRamp(12, 1.5, 18, 14) } },
    { id: 'road-alley', type: 'line', source: 'basemap-road', minzoom: 13.5,
      filter: ['all', isLine, roadClass('alley')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.road, 'line-width': zoomRamp(14, 0.8, 18, 7), 'line-opacity': ['interpolate', ['linear'], ['zoom'], 13.5, 0, 14.5, 1] } },
    { id: 'road-secondary-casing', type: 'line', source: 'basemap-road',
      filter: ['all', isLine, roadClass('secondary')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.roadCasing, 'line-width': zoomRamp(12, 1.6, 18, 17) } },
    { id: 'road-main-casing', type: 'line', source: 'basemap-road',
      filter: ['all', isLine, roadClass('main')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.mainRoadCasing, 'line-width': zoomRamp(11, 2.2, 18, 26) } },
    { id: 'road-secondary', type: 'line', source: 'basemap-road',
      filter: ['all', isLine, roadClass('secondary')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.road, 'line-width': zoomRamp(12, 0.9, 18, 14) } },
    { id: 'road-main', type: 'line', source: 'basemap-road',
      filter: ['all', isLine, roadClass('main')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.mainRoad, 'line-width': zoomRamp(11, 1.4, 18, 22) } },
    { id: 'road-other', type: 'line', source: 'basemap-road',
      filter: ['all', isLine, ['!', roadClass('main', 'secondary', 'alley')]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.road, 'line-width': zoomRamp(13, 0.8, 18, 9) } },
    { id: 'building', type: 'fill', source: 'basemap-buildings', minzoom: 13,
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'village', '#e2dccf', 'industrial', '#dcd9e1', 'public', '#e1d6cf', palette.building],
        'fill-outline-color': palette.buildingOutline,
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0, 14, 0.9],
      } },
    { id: 'community-boundary', type: 'line', source: 'basemap-communities',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': palette.community, 'line-width': 1.2, 'line-opacity': 0.55, 'line-dasharray': [4, 2] } },
    { id: 'water-label', type: 'symbol', source: 'basemap-water', minzoom: 13, filter: ['all', isPolygon, ['has', 'name']],
      layout: { 'text-field': ['get', 'name'], 'text-font': fontStacks.regular, 'text-size': 12, 'text-letter-spacing': 0.2 },
      paint: { 'text-color': palette.waterLabel, 'text-halo-color': 'rgba(255,255,255,0.7)', 'text-halo-width': 1.2 } },
    { id: 'waterway-label', type: 'symbol', source: 'basemap-water', minzoom: 13, filter: ['all', isLine, ['has', 'name']],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': fontStacks.regular, 'text-size': 12, 'text-letter-spacing': 0.2 },
      paint: { 'text-color': palette.waterLabel, 'text-halo-color': 'rgba(255,255,255,0.7)', 'text-halo-width': 1.2 } },
    roadLabel('road-label-main', ['main'], 0),
    roadLabel('road-label-minor', ['secondary', 'alley'], 15.5),
    { id: 'place-label', type: 'symbol', source: 'basemap-label', filter: ['all', isPoint, ['has', 'name']],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': fontStacks.regular,
        'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 17, 14],
        'text-padding': 6,
        'symbol-sort-key': ['match', ['get', 'class'], 'village', 2, 1],
      },
      paint: { 'text-color': palette.label, 'text-halo-color': palette.halo, 'text-halo-width': 1.4 } },
  ];
}

/** A readable default for any vector archive: every layer drawn by geometry type, named by guesswork. */
function pmtilesVectorLayers(vectorLayers: string[]): LayerSpecification[] {
  const colourFor = (name: string) =>
    /water|ocean|river|lake/i.test(name) ? palette.water
    : /park|green|wood|forest|grass|natural|landcover/i.test(name) ? palette.green
    : /building/i.test(name) ? palette.building
    : /farm|agri/i.test(name) ? palette.farmland
    : palette.land;
  const layers: LayerSpecification[] = [];
  const ordered = [...vectorLayers].sort((a, b) => rank(a) - rank(b));
  for (const name of ordered) {
    if (/road|transport|street|highway/i.test(name)) {
      layers.push({ id: `pmtiles-${name}-line`, type: 'line', source: 'pmtiles', 'source-layer': name, filter: isLine,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': palette.road, 'line-width': zoomRamp(10, 0.6, 18, 12) } });
    } else if (!/place|poi|label|boundar|transit/i.test(name)) {
      layers.push({ id: `pmtiles-${name}-fill`, type: 'fill', source: 'pmtiles', 'source-layer': name, filter: isPolygon,
        paint: { 'fill-color': colourFor(name), 'fill-outline-color': /building/i.test(name) ? palette.buildingOutline : colourFor(name) } });
      layers.push({ id: `pmtiles-${name}-line`, type: 'line', source: 'pmtiles', 'source-layer': name, filter: isLine,
        paint: { 'line-color': colourFor(name), 'line-width': 1 } });
    }
  }
  const places = vectorLayers.find((name) => /place/i.test(name));
  if (places) {
    layers.push({ id: 'pmtiles-place-label', type: 'symbol', source: 'pmtiles', 'source-layer': places, filter: isPoint,
      layout: { 'text-field': ['coalesce', ['get', 'name:zh'], ['get', 'name']], 'text-font': fontStacks.regular, 'text-size': 12 },
      paint: { 'text-color': palette.label, 'text-halo-color': palette.halo, 'text-halo-width': 1.4 } });
  }
  return layers;
}

function rank(name: string): number {
  if (/earth|land/i.test(name)) return 0;
  if (/water/i.test(name)) return 2;
  if (/road|transport/i.test(name)) return 3;
  if (/building/i.test(name)) return 4;
  return 1;
}

export function buildBasemapStyle(input: StyleInput): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    'basemap-communities': geojsonSource(input.layerUrl('communities')),
  };
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': palette.background } }];
  const ownCommunityBoundary = ownLayers().find((layer) => layer.id === 'community-boundary')!;

  if (input.mode === 'tianditu' && input.tiandituKey) {
    const tiles = (layer: 'vec' | 'cva') =>
      [0, 1, 2, 3, 4, 5, 6, 7].map(
        (server) =>
          `https://t${server}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(input.tiandituKey!)}`,
      );
    sources['tianditu-vec'] = { type: 'raster', tiles: tiles('vec'), tileSize: 256, maxzoom: 18, attribution: tiandituAttribution };
    sources['tianditu-cva'] = { type: 'raster', tiles: tiles('cva'), tileSize: 256, maxzoom: 18, attribution: tiandituAttribution };
    layers.push({ id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec' });
    layers.push(ownCommunityBoundary);
    layers.push({ id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva' });
  } else if (input.mode === 'pmtiles' && input.pmtiles) {
    const { archive, url } = input.pmtiles;
    const attribution = archive.attribution ?? 'PMTiles basemap';
    if (archive.tileType === 'mvt') {
      sources.pmtiles = { type: 'vector', url: `pmtiles://${url}`, attribution };
      layers.push(...pmtilesVectorLayers(archive.vectorLayers));
    } else {
      sources.pmtiles = { type: 'raster', url: `pmtiles://${url}`, tileSize: 256, attribution };
      layers.push({ id: 'pmtiles-raster', type: 'raster', source: 'pmtiles' });
    }
    sources['basemap-label'] = geojsonSource(input.layerUrl('label'));
    layers.push(ownCommunityBoundary, ...ownLayers().filter((layer) => layer.id === 'place-label'));
  } else {
    for (const layer of ['land', 'water', 'green', 'farmland', 'road', 'block', 'label', 'buildings']) {
      sources[`basemap-${layer}`] = geojsonSource(input.layerUrl(layer));
    }
    layers.push(...ownLayers());
  }

  const [minLng, minLat, maxLng, maxLat] = input.bounds ?? [117.2, 31.83, 117.26, 31.89];
  return {
    version: 8,
    name: `GridAtlas ${input.mode}`,
    metadata: { 'gridatlas:mode': input.mode, 'gridatlas:fonts': fontStacks },
    center: [(minLng + maxLng) / 2, (minLat + maxLat) / 2],
    zoom: 13.5,
    sources,
    layers,
  };
}
