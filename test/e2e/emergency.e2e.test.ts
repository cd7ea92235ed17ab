import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, type ConsoleWatch, type Harness } from './browser-harness.ts';

/**
 * Issue 20 in Chromium: a warning published over a grid shows as a banner on the resident page for
 * an address inside it and not for one outside; the dispatcher activates an emergency at 凤梅家园
 * and sees the affected circle with the vulnerable residents first. Screens in zh-CN and English.
 */
describe('emergency management in Chromium', () => {
  let harness: Harness;
  let dispatcher: { cookie: string; csrfToken: string };
  const contexts: BrowserContext[] = [];
  const watches: { name: string; watch: ConsoleWatch }[] = [];
  const headline = `燃气管道抢修预警 ${Date.now()}`;
  let inside: { lng: number; lat: number; label: string };
  let outside: { label: string };

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${harness.server.url}${path}`, {
      method,
      headers: { Cookie: dispatcher.cookie, 'X-CSRF-Token': dispatcher.csrfToken, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    harness = await startHarness();
    const login = await fetch(`${harness.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: demoPassword }),
    });
    expect(login.status).toBe(200);
    dispatcher = { cookie: login.headers.getSetCookie().map((text) => text.split(';')[0]).join('; '), csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken };
    // two addresses in different grids; the warning covers the first one's grid only
    const first = (await api('GET', `/api/addresses?q=${encodeURIComponent('凤梅家园 3栋')}`)).body.suggestions[0];
    inside = { lng: first.location.lng, lat: first.location.lat, label: first.label };
    const list = (await api('GET', `/api/addresses?q=${encodeURIComponent('徐桥苑 1栋')}`)).body.suggestions as { label: string; grid: { id: number } | null }[];
    const other = list.find((candidate) => candidate.grid && candidate.grid.id !== first.grid.id)!;
    outside = { label: other.label };
    const published = await api('POST', '/api/warnings', {
      level: 'orange', headline, body: '今晚 22 时至次日 2 时停气抢修，请关闭燃气阀门。', gridIds: [first.grid.id], validTo: new Date(Date.now() + 6 * 3_600_000).toISOString(),
    });
    expect(published.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await harness?.close();
    for (const { name, watch } of watches) expect(watch.problems, name).toEqual([]);
  });

  for (const language of ['zh-CN', 'en'] as const) {
    test(`the resident banner shows the warning for an address inside its grid and not outside (${language})`, async () => {
      const opened = await openPage(harness, { viewport: { width: 390, height: 844 }, isMobile: true, language });
      contexts.push(opened.context);
      watches.push({ name: `resident ${language}`, watch: opened.watch });
      const page = opened.page;
      const lookUp = async (text: string, expected: string) => {
        await page.goto(`${harness.server.url}/#/resident`);
        await page.locator('[data-testid=address-input]').waitFor({ timeout: 30_000 });
        await page.locator('[data-testid=address-input]').fill('');
        await page.locator('[data-testid=address-input]').pressSequentially(text, { delay: 30 });
        const option = page.locator('[data-testid=address-option]', { hasText: expected }).first();
        await option.waitFor({ timeout: 15_000 });
        await option.click();
        await page.locator('[data-testid=worker-card]').waitFor({ timeout: 15_000 });
      };
      await lookUp('凤梅家园 3栋', inside.label);
      const banner = page.locator('[data-testid=warning-banner]');
      await banner.getByText(headline).waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: screenshotPath(`emergency-resident-banner-${language}`), fullPage: true });

      await lookUp('徐桥苑 1栋', outside.label);
      await page.waitForTimeout(1500);
      expect(await page.getByText(headline).count()).toBe(0);
    });

    test(`the dispatcher activates an emergency and sees the affected circle, vulnerable residents first (${language})`, async () => {
      const opened = await openPage(harness, { viewport: { width: 1440, height: 900 }, language });
      contexts.push(opened.context);
      watches.push({ name: `emergency ${language}`, watch: opened.watch });
      const page = opened.page;
      const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'dispatcher', password: demoPassword } });
      expect(login.status()).toBe(200);
      await page.goto(`${harness.server.url}/#/emergency`);
      await page.locator('[data-testid=activation-form]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=activation-lng] input').fill(String(inside.lng));
      await page.locator('[data-testid=activation-lat] input').fill(String(inside.lat));
      await page.locator('[data-testid=activation-submit]').click();
      const detail = page.locator('[data-testid=emergency-detail]');
      await detail.waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=affected-circle]').waitFor();
      const households = Number((await page.locator('[data-testid=affected-figures] b').first().textContent())!.trim());
      expect(households).toBeGreaterThan(0);
      const first = page.locator('[data-testid=vulnerable-list] .ant-list-item').first();
      if (await first.count()) expect(await first.textContent()).toMatch(language === 'en' ? /Elderly living alone|Disabled/ : /独居老人|残疾人/);
      expect(await page.locator('[data-testid=emergency-log] .ant-list-item').count()).toBe(1);
      await page.screenshot({ path: screenshotPath(`emergency-activation-${language}`) });
      const text = (await page.locator('[data-testid=emergency-page]').textContent())!;
      if (language === 'zh-CN') expect(text).not.toMatch(/\b(Plans|Activate|Households|Emergency)\b/);
      else expect(text).not.toMatch(/应急预案|启动应急|影响户数/);
    });
  }
});
