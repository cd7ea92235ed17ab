import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { writeShapefileLayers } from '../../server/export/shapefile-writer.ts';
import { openPage, screenshotPath, startHarness, type Harness } from './browser-harness.ts';

/** What the import preview map shows: its layers and the features drawn from the preview source. */
async function previewMapState(page: import('playwright-core').Page) {
  await page.waitForFunction(() => Boolean(window.__gridAtlasImportMap?.loaded() && window.__gridAtlasImportMap.getLayer('import-fill')), undefined, { timeout: 60_000 });
  await page.waitForTimeout(800);
  return page.evaluate(() => {
    const map = window.__gridAtlasImportMap!;
    return { features: map.querySourceFeatures('import-preview').length, spots: map.querySourceFeatures('import-spots').length };
  });
}

/**
 * As a new planner would: upload a zipped shapefile of grid boundaries with Chinese names and
 * no .cpg (GBK), see the validation report, repair the one invalid polygon, and import.
 */
describe('import wizard in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('a planner imports a GBK shapefile without .cpg, repairs an invalid polygon and gets a draft plan with the names intact', async () => {
    const communities = (await (await fetch(`${harness.server.url}/api/communities`)).json()) as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon, { id: number; name: string }>;
    const community = communities.features[0]!;
    const ring = community.geometry.coordinates[0]![0]!;
    const [cx, cy] = [ring.reduce((sum, point) => sum + point[0]!, 0) / ring.length, ring.reduce((sum, point) => sum + point[1]!, 0) / ring.length];
    const size = 0.002;
    const box = (x: number, y: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]]] });
    const bowtie: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[cx, cy - 2 * size], [cx + size, cy - size], [cx + size, cy - 2 * size], [cx, cy - size], [cx, cy - 2 * size]]] };
    const [layer] = writeShapefileLayers('网格边界', [
      { geometry: box(cx - size, cy), properties: { name: '导入网格甲' } },
      { geometry: box(cx, cy), properties: { name: '导入网格乙' } },
      { geometry: bowtie, properties: { name: '蝴蝶网格' } },
    ], 'GBK');
    const zip = new JSZip();
    for (const [name, content] of Object.entries(layer!.files)) if (!name.endsWith('.cpg')) zip.file(name, content);
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));

    const { page, context, watch } = await openPage(harness);
    const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'planner', password: demoPassword } });
    expect(login.status()).toBe(200);
    await page.goto(`${harness.server.url}/#/import`);
    await page.waitForSelector('[data-testid=import-wizard]');
    await page.setInputFiles('[data-testid=import-wizard] input[type=file]', { name: 'grids.zip', mimeType: 'application/zip', buffer: bytes });

    await page.waitForSelector('[data-testid=import-sample]');
    await expect.poll(() => page.textContent('[data-testid=import-sample]')).toContain('导入网格甲');
    expect(await page.textContent('[data-testid=import-wizard]')).toContain('GBK');
    expect((await previewMapState(page)).features).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('import-preview') });

    await page.click('[data-testid=import-next]'); // → mapping (target grids, name guessed)
    await page.waitForSelector('[data-testid=import-field-mapping]');
    await page.click('[data-testid=import-next]'); // → target
    await page.click('[data-testid=import-community]');
    await page.click(`.ant-select-item-option[title^="${community.properties.name}"]`);
    await page.click('[data-testid=import-validate]');
    await page.waitForSelector('[data-testid=import-problems]');
    expect(await page.textContent('[data-testid=import-problems]')).toMatch(/自相交/);
    const reportMap = await previewMapState(page);
    expect(reportMap.features).toBeGreaterThan(0);
    expect(reportMap.spots).toBeGreaterThanOrEqual(1); // a feature can come back once per tile
    await page.screenshot({ path: screenshotPath('import-report-invalid') });

    await page.click('[data-testid=import-make-valid]');
    await page.click('[data-testid=import-revalidate]');
    await expect.poll(async () => page.isEnabled('[data-testid=import-commit]'), { timeout: 30_000 }).toBe(true);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshotPath('import-report-repaired') });
    await page.click('[data-testid=import-commit]');
    await page.waitForSelector('[data-testid=import-result], [data-testid=import-error]', { timeout: 60_000 });
    await page.screenshot({ path: screenshotPath('import-committed') });
    const outcome = await page.textContent('[data-testid=import-wizard]');
    // the grids become a draft plan, not the live layout
    expect(outcome).toMatch(/已导入 3 行/);
    expect(outcome).toMatch(/已生成规划草案 #\d+/);
    const planId = Number(outcome!.match(/已生成规划草案 #(\d+)/)![1]);
    const plan = await page.request.get(`${harness.server.url}/api/plans/${planId}`);
    expect(plan.status()).toBe(200);
    const planText = JSON.stringify(await plan.json());
    for (const name of ['导入网格甲', '导入网格乙', '蝴蝶网格']) expect(planText).toContain(name);
    expect(watch.problems).toEqual([]);
    await context.close();
  }, 300_000);
});
