import maplibregl, { type SourceSpecification, type StyleSpecification } from 'maplibre-gl';
import { territoryApi } from '../api/territory-api.ts';
import i18next from '../i18n/i18n.ts';
import type { BasemapOptions } from '../../../contract/basemap.ts';
import type { FontStacks } from './layer-definition.ts';

export interface LoadedBasemap {
  options: BasemapOptions;
  style: StyleSpecification;
  fonts: FontStacks;
}

const fallbackFonts: FontStacks = {
  regular: ['Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
  bold: ['Noto Sans CJK SC Bold', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
};

let pmtilesRegistered = false;

/** The server writes same-origin paths; MapLibre fetches sources from a worker, which needs absolute URLs. */
function absolute(url: string): string {
  if (url.startsWith('pmtiles:///')) return `pmtiles://${window.location.origin}${url.slice('pmtiles://'.length)}`;
  if (url.startsWith('/')) return new URL(url, window.location.origin).toString();
  return url;
}

function resolveSource(source: SourceSpecification): SourceSpecification {
  const resolved = { ...source } as SourceSpecification & { url?: string; tiles?: string[]; data?: unknown };
  if (typeof resolved.url === 'string') resolved.url = absolute(resolved.url);
  if (Array.isArray(resolved.tiles)) resolved.tiles = resolved.tiles.map(absolute);
  if (typeof resolved.data === 'string') resolved.data = absolute(resolved.data);
  return resolved;
}

/**
 * An online style has its own glyph server, which knows only its own fonts: our labels then
 * borrow the first font stack the style uses (CJK characters are still drawn locally).
 */
function fontsOfOnlineStyle(style: StyleSpecification): FontStacks {
  for (const layer of style.layers) {
    const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined;
    if (Array.isArray(font) && font.every((name) => typeof name === 'string')) {
      return { regular: font as string[], bold: font as string[] };
    }
  }
  return { regular: ['Noto Sans Regular'], bold: ['Noto Sans Bold'] };
}

/** The server names its synthetic demo layers in both languages; the map shows the reader's one only. */
function localiseAttribution(source: SourceSpecification): SourceSpecification {
  const attributed = source as SourceSpecification & { attribution?: string };
  if (typeof attributed.attribution === 'string' && attributed.attribution.startsWith('© GridAtlas')) {
    return { ...attributed, attribution: i18next.t('display.demoAttribution') } as SourceSpecification;
  }
  return source;
}

export async function loadBasemap(signal?: AbortSignal): Promise<LoadedBasemap> {
  const options = await territoryApi.basemapOptions(signal);
  const response = await fetch(absolute(options.styleUrl), { signal });
  if (!response.ok) throw new Error(`Basemap style ${options.styleUrl} answered ${response.status}`);
  const style = (await response.json()) as StyleSpecification;
  style.sources = Object.fromEntries(Object.entries(style.sources).map(([id, source]) => [id, localiseAttribution(resolveSource(source))]));

  const usesPmtiles = Object.values(style.sources).some((source) => 'url' in source && String(source.url).startsWith('pmtiles://'));
  if (usesPmtiles && !pmtilesRegistered) {
    const { Protocol } = await import('pmtiles');
    maplibregl.addProtocol('pmtiles', new Protocol().tile);
    pmtilesRegistered = true;
  }

  const metadataFonts = (style.metadata as { 'gridatlas:fonts'?: FontStacks } | undefined)?.['gridatlas:fonts'];
  const fonts = options.mode === 'style-url' ? fontsOfOnlineStyle(style) : (metadataFonts ?? fallbackFonts);
  return { options, style, fonts };
}
