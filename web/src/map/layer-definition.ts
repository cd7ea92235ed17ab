import type { GeoJSONSourceSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { TFunction } from 'i18next';
import type { Language } from '../i18n/i18n.ts';

export type LayerKey = 'communities' | 'grids' | 'households' | 'incidents' | 'riskSources';

/** Where a style layer sits in the stack, whichever module it belongs to: fills under lines under points under labels. */
export type Slot = 'fill' | 'line' | 'point' | 'label';
export const slotOrder: Slot[] = ['fill', 'line', 'point', 'label'];

export interface FontStacks {
  regular: string[];
  bold: string[];
}

/** What a layer's look may depend on besides its data. */
export interface LayerContext {
  fonts: FontStacks;
  t: TFunction;
  language: Language;
}

/**
 * One thematic layer of the map. A definition is pure: it turns data into sources and a context
 * into style layers; the map wrapper decides when to add, update, reorder and hide them.
 */
export interface MapLayerDefinition<Data> {
  key: LayerKey;
  /** GeoJSON for what the page holds anyway (and edits); vector tiles for what grows with the city (households). */
  sources(data: Data): Record<string, GeoJSONSourceSpecification | VectorSourceSpecification>;
  layers(context: LayerContext): Partial<Record<Slot, LayerSpecification[]>>;
  /** Layers whose features answer hover and click, topmost first. */
  interactiveLayerIds: string[];
}

/**
 * The style layers of a GeoJSON definition, for the same features from a vector-tile source of
 * that id: each layer on `sourceId` reads the tile layer named like it (contract/tiles.ts), so
 * layer ids, paint and interactivity stay the same whichever way the features arrive.
 */
export function fromTiles<Data>(definition: MapLayerDefinition<Data>, sourceId: string): Omit<MapLayerDefinition<Data>, 'sources'> {
  return {
    key: definition.key,
    interactiveLayerIds: definition.interactiveLayerIds,
    layers: (context) =>
      Object.fromEntries(
        Object.entries(definition.layers(context)).map(([slot, layers]) => [
          slot,
          layers.map((layer) => ('source' in layer && layer.source === sourceId ? { ...layer, 'source-layer': sourceId } : layer)),
        ]),
      ) as Partial<Record<Slot, LayerSpecification[]>>,
  };
}

/** A definition with the data and visibility it is shown with. */
export interface MapLayerEntry {
  definition: MapLayerDefinition<never>;
  data: unknown;
  visible: boolean;
}

export function layerEntry<Data>(definition: MapLayerDefinition<Data>, data: Data, visible: boolean): MapLayerEntry {
  return { definition: definition as unknown as MapLayerDefinition<never>, data, visible };
}

export const emptyCollection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
