import type { Map as MapLibreMap } from 'maplibre-gl';
import { riskLevelColours, riskLevels, territoryColours } from './map-palette.ts';

/** Images the thematic layers use, drawn on a canvas at start-up: no sprite file, nothing fetched. */
export const hatchImageId = 'vacant-hatch';
export const riskIconImageId = (level: number | string) => `risk-level-${level}`;

const pixelRatio = 2;

function drawImage(width: number, height: number, draw: (context: CanvasRenderingContext2D) => void) {
  const canvas = document.createElement('canvas');
  canvas.width = width * pixelRatio;
  canvas.height = height * pixelRatio;
  const context = canvas.getContext('2d')!;
  context.scale(pixelRatio, pixelRatio);
  draw(context);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(pixels.data.buffer) };
}

/** Diagonal red hatching for grids without a worker. */
function hatch() {
  return drawImage(8, 8, (context) => {
    context.strokeStyle = territoryColours.vacant;
    context.globalAlpha = 0.45;
    context.lineWidth = 1.1;
    context.beginPath();
    // two strokes so the pattern tiles seamlessly
    context.moveTo(-2, 2);
    context.lineTo(2, -2);
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.moveTo(6, 10);
    context.lineTo(10, 6);
    context.stroke();
  });
}

/** A rounded warning triangle with "!" in the level's colour. */
function riskIcon(colour: string) {
  return drawImage(22, 20, (context) => {
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(11, 2);
    context.lineTo(20.5, 18);
    context.lineTo(1.5, 18);
    context.closePath();
    context.fillStyle = colour;
    context.strokeStyle = '#ffffff';
    context.lineWidth = 2.2;
    context.stroke();
    context.fill();
    context.fillStyle = colour === riskLevelColours[3] ? '#3d3000' : '#ffffff';
    context.fillRect(10, 7, 2, 6);
    context.fillRect(10, 14.5, 2, 2);
  });
}

export function addMapImages(map: MapLibreMap): void {
  if (!map.hasImage(hatchImageId)) map.addImage(hatchImageId, hatch(), { pixelRatio });
  for (const level of riskLevels) {
    const id = riskIconImageId(level);
    if (!map.hasImage(id)) map.addImage(id, riskIcon(riskLevelColours[level]), { pixelRatio });
  }
}

/** A data URL of the same icon, for the legend. */
export function riskIconDataUrl(level: 1 | 2 | 3 | 4): string {
  const image = riskIcon(riskLevelColours[level]);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data.buffer), image.width, image.height), 0, 0);
  return canvas.toDataURL();
}
