import { lineIntersect, lineString, pointOnFeature, polygonToLine } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, waitForMap, type Harness } from './browser-harness.ts';

interface GridFeature {
  id: number;
  geometry: GeoJSON.MultiPolygon;
  properties: { id: number; versionId: number; code: string; name: string; households: number; communityId: number };
}

function boundsOf(geometry: GeoJSON.MultiPolygon): [number, number, number, number] {
  const positions = geometry.coordinates.flat(2);
  return [
    Math.min(...positions.map((position) => position[0]!)), Math.min(...positions.map((position) => position[1]!)),
    Math.max(...positions.map((position) => position[0]!)), Math.max(...positions.map((position) => position[1]!)),
  ];
}

/** A west–east line through a point inside the grid, reaching a little beyond its bbox, that crosses its outline exactly twice. */
function splittingLine(grid: GridFeature): [[number, number], [number, number]] | null {
  const [west, south, east, north] = boundsOf(grid.geometry);
  const margin = (east - west) * 0.06;
  const inside = pointOnFeature(grid.geometry).geometry.coordinates[1]!;
  for (const latitude of [inside, south + (north - south) * 0.5, south + (north - south) * 0.4, south + (north - south) * 0.6]) {
    const line: [[number, number], [number, number]] = [[west - margin, latitude], [east + margin, latitude]];
    const crossings = lineIntersect(lineString(line), polygonToLine(grid.geometry) as never).features.length;
    if (crossings === 2) return line;
  }
  return null;
}

async function gridsNow(harness: Harness): Promise<GridFeature[]> {
  const response = await fetch(`${harness.server.url}/api/grids`);
  return ((await response.json()) as { features: GridFeature[] }).features;
}

/** The planner splits a crowded grid in the browser, checks the preview, confirms, and undoes it. */
describe('planner grid editing in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function clickAt(page: Page, position: { x: number; y: number }): Promise<void> {
    await page.mouse.move(position.x, position.y, { steps: 3 });
    await page.mouse.click(position.x, position.y);
    await page.waitForTimeout(150);
  }

  test('splits a grid, previews two grids whose households add up, confirms, and undoes', async () => {
    const before = await gridsNow(harness);
    const candidates = [...before].sort((a, b) => b.properties.households - a.properties.households);
    const target = candidates.find((grid) => splittingLine(grid) !== null)!;
    expect(target).toBeDefined();
    const line = splittingLine(target)!;
    const original = target.properties.households;

    const { page, context, watch } = await openPage(harness);
    const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'planner', password: demoPassword } });
    expect(login.status()).toBe(200);
    await page.goto(`${harness.server.url}/#/planner`);
    await waitForMap(page);
    await page.waitForSelector('[data-testid=planner-editor]');

    const bbox = boundsOf(target.geometry);
    await page.evaluate((bounds) => window.__gridAtlasMap!.fitBounds(bounds as [number, number, number, number], { padding: 140, duration: 0 }), bbox);
    await waitForMap(page);

    await page.keyboard.press('s');
    await expect.poll(() => page.getAttribute('[data-testid=planner-editor]', 'data-mode')).toBe('split');

    const canvasBox = (await page.locator('.map-canvas canvas').first().boundingBox())!;
    const screen = await page.evaluate((ends) => ends.map((end) => window.__gridAtlasMap!.project(end as [number, number])), line);
    const [start, end] = screen.map((point) => ({ x: canvasBox.x + point.x, y: canvasBox.y + point.y }));
    await clickAt(page, start!);
    await clickAt(page, end!);
    await clickAt(page, end!); // clicking the last point again finishes the line

    await page.waitForSelector('[data-testid=planner-preview]', { timeout: 60_000 });
    const previewHouseholds = (await page.locator('[data-testid=planner-preview-grid]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-households')))));
    expect(previewHouseholds).toHaveLength(2);
    expect(previewHouseholds[0]! + previewHouseholds[1]!).toBe(original);
    await page.screenshot({ path: screenshotPath('planner-split-preview') });

    await page.locator('[data-testid=planner-confirm]').click();
    await expect.poll(() => page.getAttribute('[data-testid=planner-editor]', 'data-undo-count'), { timeout: 60_000 }).toBe('1');
    await expect.poll(() => page.getAttribute('.map-view', 'data-grid-count'), { timeout: 60_000 }).toBe(String(before.length + 1));
    const afterSplit = await gridsNow(harness);
    const kept = afterSplit.find((grid) => grid.id === target.id)!;
    const created = afterSplit.find((grid) => !before.some((old) => old.id === grid.id))!;
    expect([kept.properties.households, created.properties.households].sort()).toEqual([...previewHouseholds].sort());
    for (const grid of [kept, created]) {
      await expect.poll(() => page.locator(`[data-testid=planner-grid-table] tr[data-grid-id="${grid.id}"]`).getAttribute('data-households'), { timeout: 30_000 })
        .toBe(String(grid.properties.households));
    }
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('planner-split-confirmed') });

    await page.locator('[data-testid=planner-undo]').click();
    await expect.poll(() => page.getAttribute('[data-testid=planner-editor]', 'data-redo-count'), { timeout: 60_000 }).toBe('1');
    await expect.poll(() => page.getAttribute('.map-view', 'data-grid-count'), { timeout: 60_000 }).toBe(String(before.length));
    const afterUndo = await gridsNow(harness);
    expect(afterUndo.find((grid) => grid.id === target.id)?.properties.households).toBe(original);
    await expect.poll(() => page.locator(`[data-testid=planner-grid-table] tr[data-grid-id="${target.id}"]`).getAttribute('data-households'), { timeout: 30_000 })
      .toBe(String(original));
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('planner-split-undone') });

    expect(watch.problems).toEqual([]);
    await context.close();
  });
});
