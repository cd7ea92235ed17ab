import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, type Harness } from './browser-harness.ts';

/**
 * The 考核 view over the demo zone: a leader reads the ranking of the last full month, drills from an
 * item to the cases behind it and signs the month off; the grid worker then sees their scorecard on a
 * 390 px phone. Screenshots in zh-CN and English.
 */
describe('the assessment in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('a leader reads the ranking, drills down to the counted cases and signs the month off', async () => {
    const { page, context, watch } = await openPage(harness);
    const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'leader', password: demoPassword } });
    expect(login.status()).toBe(200);
    await page.goto(`${harness.server.url}/#/assessment`);
    await page.waitForSelector('[data-testid=assessment-view] .ant-table-row', { timeout: 60_000 });
    const rows = page.locator('[data-testid=assessment-view] .ant-table-row');
    expect(await rows.count()).toBeGreaterThan(40);
    expect(await page.locator('[data-testid=period-status]').textContent()).toBe('草稿·实时计算');
    await page.screenshot({ path: screenshotPath('assessment-ranking-zh') });
    // zh-CN screens carry no English words (codes and numbers aside)
    const text = (await page.locator('[data-testid=assessment-view]').innerText()).replace(/[A-Z]?\d[\d-]*/g, '');
    expect(text).not.toMatch(/[A-Za-z]{3,}/);

    await rows.first().click();
    await page.waitForSelector('[data-testid=scorecard]');
    await page.locator('[data-testid=scorecard] .ant-table-row').first().click(); // the on-time item: its cases
    await page.waitForSelector('[data-testid=assessment-sources] .ant-table-row');
    expect(await page.locator('[data-testid=source-case]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('assessment-scorecard-zh') });
    await page.click('.ant-drawer-close');
    await page.waitForSelector('[data-testid=scorecard]', { state: 'detached' });

    await page.click('[data-testid=sign-off]');
    await page.fill('[data-testid=sign-off-comment]', '十一月讲评：总体平稳，个别网格巡查偏少');
    await page.click('[data-testid=sign-off-confirm]');
    await expect.poll(() => page.locator('[data-testid=period-status]').textContent(), { timeout: 60_000 }).toBe('已签署');
    await page.screenshot({ path: screenshotPath('assessment-signed-zh') });
    expect(watch.problems).toEqual([]);
    await context.close();
  });

  test('the English view has no Chinese beyond names of people and places', async () => {
    const { page, context, watch } = await openPage(harness, { language: 'en' });
    await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'leader', password: demoPassword } });
    await page.goto(`${harness.server.url}/#/assessment`);
    await page.waitForSelector('[data-testid=assessment-view] .ant-table-row', { timeout: 60_000 });
    expect(await page.locator('[data-testid=period-status]').textContent()).toBe('Signed off');
    const toolbar = await page.locator('[data-testid=assessment-view] .desk-toolbar, [data-testid=assessment-view] .desk-filters').allInnerTexts();
    expect(toolbar.join(' ')).not.toMatch(/[\u4e00-\u9fa5]/);
    await page.screenshot({ path: screenshotPath('assessment-ranking-en') });
    await page.locator('[data-testid=assessment-view] .ant-table-row').first().click();
    await page.waitForSelector('[data-testid=scorecard]');
    await page.screenshot({ path: screenshotPath('assessment-scorecard-en') });
    expect(watch.problems).toEqual([]);
    await context.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    test(`the grid worker sees their scorecard on a 390 px phone (${language})`, async () => {
      const { page, context, watch } = await openPage(harness, { viewport: { width: 390, height: 844 }, isMobile: true, language });
      await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'worker', password: demoPassword } });
      await page.goto(`${harness.server.url}/#/worker`);
      await page.click('[data-testid=worker-tab-score]');
      await page.waitForSelector('[data-testid=scorecard-total]', { timeout: 60_000 });
      expect(Number(await page.locator('[data-testid=scorecard-total]').textContent())).toBeGreaterThan(0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: screenshotPath(`assessment-phone-${language === 'en' ? 'en' : 'zh'}`), fullPage: true });
      expect(watch.problems).toEqual([]);
      await context.close();
    });
  }
});
