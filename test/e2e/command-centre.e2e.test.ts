import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, waitForMap, type ConsoleWatch, type Harness } from './browser-harness.ts';

interface GridFeature {
  id: number;
  geometry: GeoJSON.MultiPolygon;
  properties: { id: number; name: string };
}

/**
 * The map area's pixels, decoded in the page from a screenshot: how many are in heatmap colours
 * (warm: red high, blue low), and a coarse luminance sample for comparing two renderings.
 */
async function mapAreaPixels(page: Page): Promise<{ warm: number; luminance: number[] }> {
  const png = await page.locator('.map-area').screenshot();
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const scratch = document.createElement('canvas');
    scratch.width = image.width;
    scratch.height = image.height;
    const context = scratch.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let warm = 0;
    const luminance: number[] = [];
    for (let index = 0; index < data.length; index += 4) {
      const [red, green, blue] = [data[index]!, data[index + 1]!, data[index + 2]!];
      if (red > 200 && blue < 140 && red - blue > 90 && green > 40) warm++;
      if ((index / 4) % 3 === 0) luminance.push(Math.round(0.2126 * red + 0.7152 * green + 0.0722 * blue));
    }
    return { warm, luminance };
  }, png.toString('base64'));
}

/** The share of sampled pixels whose luminance changed by more than 24 levels. */
function changedShare(before: number[], after: number[]): number {
  let changed = 0;
  const length = Math.min(before.length, after.length);
  for (let index = 0; index < length; index++) if (Math.abs(before[index]! - after[index]!) > 24) changed++;
  return changed / Math.max(1, length);
}

/** The command centre as a dispatcher sees it: cases arriving live, the heatmap following its time window. */
describe('command centre in Chromium', () => {
  let harness: Harness;
  let grids: GridFeature[];
  let dispatcher: { cookie: string; csrfToken: string };
  const watches: { name: string; watch: ConsoleWatch }[] = [];
  // one page for the whole file: opening the map under software WebGL is the slow part
  let page: Page;
  let context: Awaited<ReturnType<typeof openPage>>['context'];

  beforeAll(async () => {
    harness = await startHarness();
    grids = ((await (await fetch(`${harness.server.url}/api/grids`)).json()) as { features: GridFeature[] }).features;
    const login = await fetch(`${harness.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: demoPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((text) => text.split(';')[0]).join('; ');
    dispatcher = { cookie, csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken };
    ({ page, context } = await signedInCommandCentre('command-centre'));
    await page.evaluate(() => {
      const map = window.__gridAtlasMap!;
      (window as { initialCamera?: unknown }).initialCamera = { center: map.getCenter(), zoom: map.getZoom() };
    });
  });
  afterAll(async () => {
    await context?.close();
    await harness?.close();
  });

  async function signedInCommandCentre(name: string) {
    const opened = await openPage(harness);
    watches.push({ name, watch: opened.watch });
    const login = await opened.page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'dispatcher', password: demoPassword } });
    expect(login.status()).toBe(200);
    await opened.page.goto(`${harness.server.url}/#/command`);
    await waitForMap(opened.page);
    await opened.page.waitForSelector('[data-testid=stream-status][data-state=open]', { timeout: 30_000 });
    await opened.page.waitForFunction(() => Number(document.querySelector('[data-testid=command-centre]')?.getAttribute('data-live-count')) > 0, undefined, { timeout: 30_000 });
    // the deck.gl overlay (lazy chunk, WebGL device) is up and answers picking
    await opened.page.waitForFunction(() => {
      try {
        return window.__gridAtlasDeck?.pickObject({ x: 1, y: 1 }) !== undefined;
      } catch {
        return false;
      }
    }, undefined, { timeout: 30_000, polling: 250 });
    return opened;
  }

  test('an incident created through the API appears on the map and in the list within a second', async () => {
    const grid = grids[Math.floor(grids.length / 2)]!;
    const [longitude, latitude] = pointOnFeature(grid.geometry).geometry.coordinates as [number, number];
    await page.evaluate(([lng, lat]) => window.__gridAtlasMap!.jumpTo({ center: [lng!, lat!], zoom: 15 }), [longitude, latitude]);
    await waitForMap(page);

    const response = await fetch(`${harness.server.url}/api/incidents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: dispatcher.cookie, 'X-CSRF-Token': dispatcher.csrfToken },
      body: JSON.stringify({ categoryCode: '0401', description: 'E2E：指挥中心实时测试，流动摊贩占道', longitude, latitude, source: 'hotline' }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id?: number; trackingCode?: string; properties?: { id: number; trackingCode: string } };
    const trackingCode = created.trackingCode ?? created.properties?.trackingCode;
    const id = created.id ?? created.properties?.id;
    expect(trackingCode).toBeTruthy();
    // the case is committed and announced once the answer is back: from here it has one second
    const committed = Date.now();

    await page.waitForSelector(`[data-testid=live-incident-list] [data-tracking-code="${trackingCode}"]`, { timeout: 1000 });
    // on the map: the live deck.gl layer carries it
    await page.waitForFunction(
      (wanted) => {
        const layer = window.__gridAtlasDeckLayers?.find((candidate) => candidate.id === 'live-incidents');
        const data = layer?.props.data as { id: number }[] | undefined;
        return Array.isArray(data) && data.some((incident) => incident.id === wanted);
      },
      id,
      { timeout: Math.max(50, 1000 - (Date.now() - committed)), polling: 25 },
    );
    expect(Date.now() - committed).toBeLessThan(1000);
    // and it is drawn there: deck.gl picks it at its own position
    await page.waitForFunction(
      ([lng, lat, wanted]) => {
        const map = window.__gridAtlasMap!;
        const deck = window.__gridAtlasDeck;
        if (!deck) return false;
        const point = map.project([lng as number, lat as number]);
        const picked = deck.pickMultipleObjects({ x: point.x, y: point.y, radius: 6, layerIds: ['live-incidents'], depth: 20 });
        return picked.some((info) => (info.object as { id?: number } | undefined)?.id === wanted);
      },
      [longitude, latitude, id] as const,
      { timeout: 10_000, polling: 100 },
    );
    await page.screenshot({ path: screenshotPath('command-centre-live') });
  });

  test('the heatmap renders and follows the time window', async () => {
    // the live circles and the MapLibre incident layer would blur the comparison: hide the latter
    await page.evaluate(() => {
      const map = window.__gridAtlasMap!;
      map.jumpTo((window as unknown as { initialCamera: { center: [number, number]; zoom: number } }).initialCamera);
      for (const layer of map.getStyle().layers) if (layer.id.startsWith('incidents')) map.setLayoutProperty(layer.id, 'visibility', 'none');
    });
    await page.getByRole('tab', { name: '热力分析' }).click();
    const pointsShown = async () => Number(await page.getAttribute('[data-testid=heatmap-controls]', 'data-heatmap-points'));
    await expect.poll(pointsShown, { timeout: 30_000 }).toBeGreaterThan(100);
    const monthPoints = await pointsShown();
    await page.waitForTimeout(600);
    const month = await mapAreaPixels(page);
    expect(month.warm).toBeGreaterThan(2000); // the heatmap is drawn: thousands of pixels in its warm ramp
    await page.screenshot({ path: screenshotPath('command-centre-heatmap-30d') });

    await page.getByText('24小时', { exact: true }).click();
    await expect.poll(pointsShown).toBeLessThan(monthPoints);
    await page.waitForTimeout(600);
    const day = await mapAreaPixels(page);
    expect(changedShare(month.luminance, day.luminance)).toBeGreaterThan(0.03);
    await page.screenshot({ path: screenshotPath('command-centre-heatmap-24h') });

    await page.getByText('蜂窝', { exact: true }).click();
    await page.getByText('30天', { exact: true }).click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: screenshotPath('command-centre-hexagons') });
  });

  test('the wall display shows KPI tiles and the live list', async () => {
    await page.goto(`${harness.server.url}/#/command/wall`);
    await page.waitForSelector('[data-testid=wall-kpis] [data-kpi=reported]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=command-wall] [data-testid=live-incident-list] li');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshotPath('command-centre-wall') });
  });

  test('no console errors on any page', () => {
    const problems = watches.flatMap(({ name, watch }) => watch.problems.map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });
});
