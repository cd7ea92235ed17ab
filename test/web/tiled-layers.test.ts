import { describe, expect, test } from 'vitest';
import type { TFunction } from 'i18next';
import type { LayerSpecification } from 'maplibre-gl';
import type { LayerContext, MapLayerDefinition } from '../../web/src/map/layer-definition.ts';
import { communitiesLayer, communityTilesLayer } from '../../web/src/map/layers/communities-layer.ts';
import { gridTilesLayer, gridsLayer } from '../../web/src/map/layers/grids-layer.ts';

const context: LayerContext = { fonts: { regular: ['Regular'], bold: ['Bold'] }, t: ((key: string) => key) as unknown as TFunction, language: 'zh-CN' };
const layersOf = (definition: MapLayerDefinition<never>): LayerSpecification[] => Object.values(definition.layers(context)).flat();
const empty = { type: 'FeatureCollection' as const, features: [] };

/**
 * Issue 21 §2: the city view draws grids and communities from the layout's vector tiles with the
 * very style layers the GeoJSON (editing) view uses: same ids (clicks, hover, tests find them),
 * same paint, each layer on the tiled source reading the tile layer named like it.
 */
describe.each([
  ['grids', gridsLayer, gridTilesLayer],
  ['communities', communitiesLayer, communityTilesLayer],
] as const)('%s from tiles', (sourceId, geojson, tiled) => {
  test('keeps the layer ids, paint and interactive layers of the GeoJSON definition', () => {
    const plain = layersOf(geojson as MapLayerDefinition<never>);
    const fromTiles = layersOf(tiled as MapLayerDefinition<never>);
    expect(fromTiles.map((layer) => layer.id)).toEqual(plain.map((layer) => layer.id));
    expect(fromTiles.map((layer) => ('paint' in layer ? layer.paint : undefined))).toEqual(plain.map((layer) => ('paint' in layer ? layer.paint : undefined)));
    expect(tiled.interactiveLayerIds).toEqual(geojson.interactiveLayerIds);
    for (const layer of fromTiles) {
      const source = 'source' in layer ? layer.source : undefined;
      expect(layer['source-layer' as keyof typeof layer], layer.id).toBe(source === sourceId ? sourceId : undefined);
    }
  });

  test('takes its shapes from the tile URL it is given and its labels from the list', () => {
    const url = `https://example.test/api/tiles/${sourceId}/{z}/{x}/{y}.mvt?revision=7`;
    const sources = tiled.sources({ tileUrl: url, grids: empty, communities: empty } as never);
    expect(sources[sourceId]).toMatchObject({ type: 'vector', tiles: [url] });
    const labels = Object.entries(sources).filter(([id]) => id !== sourceId);
    expect(labels).toHaveLength(1);
    expect(labels[0]![1].type).toBe('geojson');
  });
});
