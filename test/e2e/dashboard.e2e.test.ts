import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { mapPixelStatistics, openPage, screenshotPath, startHarness, waitForMap, type ConsoleWatch, type Harness } from './browser-harness.ts';

interface GridFeature {
  id: number;
  geometry: GeoJSON.MultiPolygon;
  properties: { id: number; name: string; workerName: string | null; vacant: boolean; households: number };
}

/** The dashboard as a user meets it: the zone on the offline basemap, a grid's card, both languages, a phone. */
describe('dashboard in Chromium', () => {
  let harness: Harness;
  let grids: GridFeature[];
  const watches: { name: string; watch: ConsoleWatch }[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    const response = await fetch(`${harness.server.url}/api/grids`);
    grids = ((await response.json()) as { features: GridFeature[] }).features;
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function page(name: string, options: Parameters<typeof openPage>[1] = {}) {
    const opened = await openPage(harness, options);
    watches.push({ name, watch: opened.watch });
    return opened;
  }

  /** Centre the map inside a grid and click it there, making sure nothing else is on top. */
  async function clickGrid(target: Page, grid: GridFeature): Promise<void> {
    const [lng, lat] = pointOnFeature(grid.geometry).geometry.coordinates as [number, number];
    await target.evaluate(([centerLng, centerLat]) => window.__gridAtlasMap!.jumpTo({ center: [centerLng!, centerLat!], zoom: 16 }), [lng, lat]);
    await waitForMap(target);
    const topFeature = await target.evaluate(() => {
      const map = window.__gridAtlasMap!;
      const { width, height } = map.getCanvas().getBoundingClientRect();
      const visibleLayers = ['risk-sources-icon', 'incidents-recent', 'incidents-older', 'households-cluster', 'grids-fill'].filter(
        (id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none',
      );
      const [feature] = map.queryRenderedFeatures([width / 2, height / 2], { layers: visibleLayers });
      return feature ? { layer: feature.layer.id, id: feature.id } : null;
    });
    expect(topFeature).toEqual({ layer: 'grids-fill', id: grid.id });
    const box = (await target.locator('.map-canvas canvas').boundingBox())!;
    await target.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  test('shows the 57 grids of the demo zone on a drawn offline basemap', async () => {
    expect(grids).toHaveLength(57);
    const { page: dashboard, context } = await page('planner-zh');
    await dashboard.goto(`${harness.server.url}/#/planner`);
    await waitForMap(dashboard);

    await expect.poll(() => dashboard.getAttribute('.map-view', 'data-grid-count')).toBe('57');
    expect(await dashboard.getAttribute('.map-view', 'data-basemap-mode')).toBe('offline');
    expect(await dashboard.locator('.grid-table .ant-table-row').count()).toBe(57);
    // the city view draws the grids from the layout's vector tiles (a grid may lie in several tiles)
    expect(await dashboard.evaluate(() => window.__gridAtlasMap!.getSource('grids')!.type)).toBe('vector');
    expect(await dashboard.evaluate(() => window.__gridAtlasMap!.querySourceFeatures('grids', { sourceLayer: 'grids' }).map((feature) => feature.id))
      .then((ids) => new Set(ids).size)).toBe(57);

    const pixels = await mapPixelStatistics(dashboard);
    expect(pixels.distinctColours).toBeGreaterThan(40);
    expect(pixels.luminanceSpread).toBeGreaterThan(8);

    await expect.poll(() => dashboard.locator('[data-testid=product-name]').textContent()).toContain('网格图');
    expect(await dashboard.locator('[data-testid=demo-badge]').textContent()).toContain('演示数据');
    expect(await dashboard.locator('.maplibregl-ctrl-attrib').innerHTML()).toContain('演示数据（虚构）');
    await dashboard.screenshot({ path: screenshotPath('dashboard-planner-zh') });
    await context.close();
  });

  test('clicking a grid opens its card with worker and household count', async () => {
    const { page: dashboard, context } = await page('grid-click');
    await dashboard.goto(`${harness.server.url}/#/planner`);
    await waitForMap(dashboard);
    const staffed = grids.find((grid) => !grid.properties.vacant)!;
    await clickGrid(dashboard, staffed);

    const card = dashboard.locator('[data-testid=grid-detail]');
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator('.detail-title').textContent()).toBe(staffed.properties.name);
    expect(await card.locator('[data-testid=grid-worker]').textContent()).toContain(staffed.properties.workerName!);
    expect(await card.locator('[data-testid=grid-households] .figure-value').textContent()).toBe(staffed.properties.households.toLocaleString('en-US'));
    await waitForMap(dashboard);
    await dashboard.screenshot({ path: screenshotPath('dashboard-grid-detail') });

    const vacant = grids.find((grid) => grid.properties.vacant);
    if (vacant) {
      await clickGrid(dashboard, vacant);
      await expect.poll(() => card.locator('.detail-title').textContent(), { timeout: 20_000 }).toBe(vacant.properties.name);
      expect(await card.locator('[data-testid=grid-worker]').textContent()).toContain('空缺');
    }
    await context.close();
  });

  test('switching to English changes the labels and is remembered', async () => {
    const { page: dashboard, context } = await page('language');
    await dashboard.goto(`${harness.server.url}/#/planner`);
    await waitForMap(dashboard);
    expect(await dashboard.locator('[data-testid=view-planner]').textContent()).toBe('规划');
    expect(await dashboard.locator('.layer-panel-toggle').textContent()).toContain('图层');

    await dashboard.locator('[data-testid=language-en]').click();
    await expect.poll(() => dashboard.locator('[data-testid=view-planner]').textContent()).toBe('Planner');
    expect(await dashboard.locator('.layer-panel-toggle').textContent()).toContain('Layers');
    expect(await dashboard.locator('[data-testid=demo-badge]').textContent()).toContain('Synthetic demo data');
    expect(await dashboard.evaluate(() => document.documentElement.lang)).toBe('en');
    // antd follows: the table's sorter and empty texts come from its en_US locale
    expect(await dashboard.locator('.grid-table th').first().textContent()).toBe('Code');

    await dashboard.reload();
    await waitForMap(dashboard);
    expect(await dashboard.locator('[data-testid=view-planner]').textContent()).toBe('Planner');
    await dashboard.screenshot({ path: screenshotPath('dashboard-planner-en') });

    await dashboard.locator('[data-testid=language-zh]').click();
    await expect.poll(() => dashboard.locator('[data-testid=view-planner]').textContent()).toBe('规划');
    await context.close();
  });

  test('a signed-in dispatcher sees incidents and risk sources in the command view', async () => {
    const dispatcher = demoAccounts.find((account) => account.role === 'dispatcher')!;
    const { page: dashboard, context } = await page('command');
    await dashboard.goto(`${harness.server.url}/#/command`);
    await waitForMap(dashboard);
    await dashboard.locator('[data-testid=sign-in]').click();
    await dashboard.locator('[data-testid=sign-in-username]').fill(dispatcher.username);
    await dashboard.locator('[data-testid=sign-in-password]').fill(demoPassword);
    await dashboard.locator('[data-testid=sign-in-password]').press('Enter');
    await dashboard.locator('[data-testid=user-menu]').waitFor({ timeout: 20_000 });
    // signed in, the command view is the command centre with its live incident list
    await dashboard.locator('[data-testid=live-incident-list] li').first().waitFor({ timeout: 60_000 });
    // the live tab starts with the grids only (live cases are drawn over them); the risk tab switches
    // the risk sources on, and the year's incidents are one switch away
    expect(await dashboard.locator('[data-layer=riskSources]').getAttribute('aria-checked')).toBe('false');
    await dashboard.getByRole('tab', { name: '风险源' }).click();
    await expect.poll(() => dashboard.locator('[data-layer=riskSources]').getAttribute('aria-checked')).toBe('true');
    await dashboard.locator('[data-layer=incidents]').click();
    await waitForMap(dashboard);
    const drawn = await dashboard.evaluate(() => {
      const map = window.__gridAtlasMap!;
      return {
        incidents: map.querySourceFeatures('incidents').length,
        riskSources: map.querySourceFeatures('riskSources').length,
      };
    });
    expect(drawn.incidents).toBeGreaterThan(0);
    expect(drawn.riskSources).toBeGreaterThan(0);
    await dashboard.screenshot({ path: screenshotPath('dashboard-command') });
    await context.close();
  });

  test('works on a 390 px wide phone screen', async () => {
    const { page: phone, context } = await page('phone', { viewport: { width: 390, height: 844 }, isMobile: true });
    // the resident tab is a page of its own (test/e2e/resident.e2e.test.ts); the map views must fit too
    await phone.goto(`${harness.server.url}/#/command`);
    await waitForMap(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const selector of ['[data-testid=brand]', '[data-testid=demo-badge]', '[data-testid=view-picker]', '.map-canvas canvas']) {
      const box = await phone.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.x + box!.width, selector).toBeLessThanOrEqual(391);
    }
    // one picker instead of a tab per view (the tabs were cut to a letter each): it names the view and lists the others
    expect(await phone.locator('[data-testid=view-picker]').textContent()).toContain('指挥');
    await phone.locator('[data-testid=view-picker]').click();
    const residentOption = phone.locator('.role-views-picker-popup [data-testid=view-resident]');
    await residentOption.waitFor();
    const optionBox = await residentOption.boundingBox();
    expect(optionBox!.x + optionBox!.width).toBeLessThanOrEqual(391);
    await phone.keyboard.press('Escape');
    const pixels = await mapPixelStatistics(phone);
    expect(pixels.distinctColours).toBeGreaterThan(20);
    await phone.screenshot({ path: screenshotPath('dashboard-phone') });
    await context.close();
  });

  test('no console errors, page errors or missing glyph/image warnings', () => {
    const problems = watches.flatMap(({ name, watch }) => watch.problems.map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });
});
