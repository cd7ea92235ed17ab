import { centroid } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, waitForMap, type Harness } from './browser-harness.ts';

interface GridFeature {
  id: number;
  properties: { id: number; versionId: number; code: string; name: string; communityId: number; communityName: string; workerName: string | null };
}

async function json<T>(harness: Harness, path: string): Promise<T> {
  const response = await fetch(`${harness.server.url}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** The grids holding the buildings of one complex, from the public buildings layer and the lookup API. */
async function gridsOfComplex(harness: Harness, complexName: string): Promise<number[]> {
  const buildings = await json<GeoJSON.FeatureCollection>(harness, '/api/basemap/layers/buildings.geojson');
  const ids = new Set<number>();
  for (const building of buildings.features.filter((feature) => feature.properties?.complexName === complexName)) {
    const [lng, lat] = centroid(building as GeoJSON.Feature<GeoJSON.Polygon>).geometry.coordinates as [number, number];
    const lookup = await json<{ grid: { id: number } | null }>(harness, `/api/lookup?lng=${lng}&lat=${lat}`);
    if (lookup.grid) ids.add(lookup.grid.id);
  }
  return [...ids];
}

async function pickInSelect(page: Page, testId: string, text: string): Promise<void> {
  const select = page.locator(`[data-testid=${testId}]`);
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
}

/**
 * Draft → compare → publish → history, as a planner would: give 北城世纪城 its own residents'
 * committee in a plan, read the change report, publish it, and find yesterday's layout unchanged.
 */
describe('draft plans in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('creates 北城世纪城 as a new community in a plan, compares, publishes, and keeps the past layout', async () => {
    const before = (await json<{ features: GridFeature[] }>(harness, '/api/grids')).features;
    const complexGridIds = await gridsOfComplex(harness, '北城世纪城');
    expect(complexGridIds.length).toBeGreaterThan(0);
    const complexGrids = before.filter((grid) => complexGridIds.includes(grid.id));
    const sourceCommunity = complexGrids[0]!.properties.communityName;
    expect(new Set(complexGrids.map((grid) => grid.properties.communityId)).size).toBe(1);
    const beforePublish = new Date().toISOString();

    const { page, context, watch } = await openPage(harness);
    const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'planner', password: demoPassword } });
    expect(login.status()).toBe(200);
    await page.goto(`${harness.server.url}/#/planner`);
    await waitForMap(page);
    await page.waitForSelector('[data-testid=plan-bar]');

    // 1. a new draft plan for the community that holds the complex
    await page.locator('[data-testid=plan-new]').click();
    await page.locator('[data-testid=plan-open-name]').fill('北城世纪城社区成立方案');
    await page.locator('[data-testid=plan-open-communities]').getByText(sourceCommunity, { exact: true }).click();
    await page.locator('[data-testid=plan-open-submit]').click();
    await expect.poll(() => page.getAttribute('[data-testid=plan-bar]', 'data-plan-status'), { timeout: 60_000 }).toBe('draft');
    await expect.poll(() => page.locator('[data-testid=plan-name]').textContent()).toBe('北城世纪城社区成立方案');

    // 2. the complex's grids become a new community, in the plan only
    await page.locator('[data-testid=plan-new-community]').click();
    await page.locator('[data-testid=plan-community-name]').fill('北城世纪城社区');
    for (const grid of complexGrids) await pickInSelect(page, 'plan-community-grids', grid.properties.code.slice(-3) + ' ' + grid.properties.name);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=plan-community-submit]').click();
    await page.waitForSelector('[data-testid=plan-notice]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=plan-notice]').textContent()).toContain('北城世纪城社区');
    const communitiesDuringDraft = await json<{ features: { properties: { name: string } }[] }>(harness, '/api/communities');
    expect(communitiesDuringDraft.features.map((feature) => feature.properties.name)).not.toContain('北城世纪城社区');
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('plan-draft-new-community') });

    // 3. the change report: the new community's households, the workers whose grid changes
    await page.locator('[data-testid=plan-compare]').click();
    await page.waitForSelector('[data-testid=plan-comparison-report]', { timeout: 120_000 });
    const report = page.locator('[data-testid=plan-comparison-report]');
    await expect.poll(() => report.getByText('北城世纪城社区').count()).toBeGreaterThan(0);
    const workersWithGrids = complexGrids.filter((grid) => grid.properties.workerName !== null).length;
    expect(await page.locator('[data-testid=plan-comparison-workers] tbody tr.ant-table-row').count()).toBe(workersWithGrids);
    expect(await page.locator('[data-testid=plan-comparison-grids] tbody tr.ant-table-row').count()).toBe(complexGrids.length);
    await page.screenshot({ path: screenshotPath('plan-comparison') });
    const workbook = await page.request.get(`${harness.server.url}/api/plans/${await planId(page)}/compare.xlsx`);
    expect(workbook.status()).toBe(200);
    await page.locator('.plan-comparison-drawer .ant-drawer-close').click();

    // 4. publish now
    await page.locator('[data-testid=plan-publish]').click();
    await page.locator('[data-testid=plan-publish-note]').fill('街道党工委会议决定');
    await page.locator('[data-testid=plan-publish-submit]').click();
    await expect.poll(() => page.getAttribute('[data-testid=plan-bar]', 'data-plan-status'), { timeout: 60_000 }).toBe('published');

    const communities = await json<{ features: { properties: { id: number; name: string; code: string } }[] }>(harness, '/api/communities');
    const created = communities.features.find((feature) => feature.properties.name === '北城世纪城社区');
    expect(created).toBeDefined();
    const after = (await json<{ features: GridFeature[] }>(harness, '/api/grids')).features;
    expect(after).toHaveLength(before.length);
    const moved = after.filter((grid) => grid.properties.communityId === created!.properties.id);
    expect(moved.map((grid) => grid.id).sort()).toEqual([...complexGridIds].sort());
    expect(moved.every((grid) => grid.properties.code.startsWith(created!.properties.code))).toBe(true);
    // workers kept their grids
    for (const grid of complexGrids) expect(after.find((candidate) => candidate.id === grid.id)!.properties.workerName).toBe(grid.properties.workerName);

    // 5. history: the layout of a moment ago is unchanged, and each grid names the plan
    const past = (await json<{ features: GridFeature[] }>(harness, `/api/grids?at=${encodeURIComponent(beforePublish)}`)).features;
    expect(past.map((grid) => grid.properties.code).sort()).toEqual(before.map((grid) => grid.properties.code).sort());
    const history = await json<{ versions: { changeNote: string | null; planName: string | null }[] }>(harness, `/api/grids/${complexGridIds[0]}`);
    expect(history.versions.length).toBeGreaterThanOrEqual(2);
    expect(history.versions[0]).toMatchObject({ planName: '北城世纪城社区成立方案', changeNote: '北城世纪城社区成立方案: 街道党工委会议决定' });

    await page.locator('[data-testid=plan-close]').click();
    await expect.poll(() => page.getAttribute('[data-testid=plan-bar]', 'data-plan-status')).toBe('live');
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('plan-published-live') });
    expect(watch.problems).toEqual([]);
    await context.close();
  });
});

async function planId(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=planner-editor]', 'data-plan-id'));
}
