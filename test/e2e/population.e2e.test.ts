import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, type Harness } from './browser-harness.ts';

/** A dispatcher reads the population figures by grid and community, in Chinese and English, on a desktop and a phone. */
describe('population view in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      test(`shows the choropleth, the table and the community status (${language}, ${viewport.width}×${viewport.height})`, async () => {
        const { page, context, watch } = await openPage(harness, { language, viewport, isMobile: viewport.width < 500 });
        const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'dispatcher', password: demoPassword } });
        expect(login.status()).toBe(200);
        await page.goto(`${harness.server.url}/#/population`);
        await page.waitForSelector('[data-testid=population-table] tbody tr.ant-table-row', { timeout: 60_000 });
        await page.waitForSelector('[data-testid=population-choropleth] path');
        await page.waitForSelector('[data-testid=community-structure]');
        expect(await page.locator('[data-testid=population-table] tbody tr.ant-table-row').count()).toBe(57);
        const structure = (await page.locator('[data-testid=community-structure]').textContent()) ?? '';
        expect(structure).toContain('2000');
        if (language === 'en') {
          const toolbar = (await page.locator('.desk-toolbar').textContent()) ?? '';
          expect(toolbar).not.toMatch(/[\u4e00-\u9fff]/);
          expect((await page.locator('thead').first().textContent()) ?? '').not.toMatch(/[\u4e00-\u9fff]/);
        }
        await page.screenshot({ path: screenshotPath(`population-${language}-${viewport.width}`), fullPage: false });
        await page.locator('[data-testid=population-level]').getByText(language === 'en' ? 'By community' : '按社区').click();
        await expect.poll(() => page.locator('[data-testid=population-table] tbody tr.ant-table-row').count()).toBe(3);
        expect(watch.problems).toEqual([]);
        await context.close();
      });
    }
  }
});
