import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, type ConsoleWatch, type Harness } from './browser-harness.ts';

/** A small real PNG, as a phone camera would hand over (the server re-encodes it). */
async function photo(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: 150, g: 120, b: 90 } } }).png().toBuffer();
  return { name: 'rubbish.png', mimeType: 'image/png', buffer };
}

/**
 * A resident on a 390 × 844 phone, without an account: types "凤梅家园 3栋", gets the grid
 * worker's card, reports a problem with a photo, gets a tracking code and opens the tracking
 * page; then the dispatcher signs in and finds the report on the case desk.
 */
describe('resident page in Chromium on a phone', () => {
  let harness: Harness;
  let resident: Page;
  let trackingCode = '';
  const watches: { name: string; watch: ConsoleWatch }[] = [];
  const contexts: BrowserContext[] = [];
  const description = '3栋楼下垃圾堆了三天 <script>alert("x")</script>';

  beforeAll(async () => {
    harness = await startHarness();
    const opened = await openPage(harness, { viewport: { width: 390, height: 844 }, isMobile: true });
    watches.push({ name: 'resident', watch: opened.watch });
    contexts.push(opened.context);
    resident = opened.page;
    resident.on('response', (response) => {
      if (response.status() >= 400) opened.watch.problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await harness?.close();
  });

  test('typing "凤梅家园 3栋" finds the grid worker\'s card in under 10 seconds', async () => {
    await resident.goto(`${harness.server.url}/#/resident`);
    await resident.locator('[data-testid=address-input]').waitFor({ timeout: 30_000 });
    const started = Date.now();
    await resident.locator('[data-testid=address-input]').pressSequentially('凤梅家园 3栋', { delay: 40 });
    const option = resident.locator('[data-testid=address-option]').first();
    await option.waitFor({ timeout: 10_000 });
    expect(await option.textContent()).toContain('凤梅家园 3栋');
    await resident.screenshot({ path: screenshotPath('resident-suggestions') });
    await option.click();
    const card = resident.locator('[data-testid=worker-card]');
    await card.waitFor({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const text = (await card.textContent())!;
    expect(text).toContain('凤梅');
    expect((await resident.locator('[data-testid=worker-name]').textContent())!.trim().length).toBeGreaterThan(1);
    expect(await resident.locator('[data-testid=duty-phone]').getAttribute('href')).toMatch(/^tel:/);
    // the card is about the worker and the service hall, never a household
    expect(text).not.toMatch(/单元|室|户主/);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await resident.screenshot({ path: screenshotPath('resident-worker-card'), fullPage: true });
  });

  test('a report with a photo gets a tracking code; the tracking page shows its text as text', async () => {
    await resident.locator('[data-testid=report-here]').click();
    await resident.locator('[data-testid=report-form]').waitFor();
    expect(await resident.locator('[data-testid=report-place]').textContent()).toContain('凤梅家园 3栋');
    // the resident sees where the report goes, as a pin on a map, before sending
    await resident.locator('[data-testid=report-map][data-map-ready=true]').waitFor({ timeout: 30_000 });
    expect(await resident.locator('[data-testid=report-map] .maplibregl-marker').count()).toBe(1);

    // missing category and description are named before anything is sent
    await resident.locator('[data-testid=submit-report]').click();
    await resident.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await resident.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);

    await resident.locator('[data-testid=category-chips]').getByText('垃圾堆放').click();
    await resident.locator('[data-testid=report-description]').fill(description);
    await resident.locator('[data-testid=resident-photo-input]').setInputFiles(await photo());
    await resident.locator('.photo-thumb img').waitFor({ timeout: 20_000 });
    await resident.screenshot({ path: screenshotPath('resident-report-form'), fullPage: true });
    await resident.locator('[data-testid=submit-report]').click();
    // open reports of the same kind nearby are offered first; this one is something else
    const submitted = resident.locator('[data-testid=report-submitted]');
    const nearby = resident.locator('[data-testid=nearby-reports]');
    await Promise.race([submitted.waitFor({ timeout: 20_000 }), nearby.waitFor({ timeout: 20_000 })]);
    if (await nearby.isVisible()) {
      await resident.screenshot({ path: screenshotPath('resident-nearby'), fullPage: true });
      await resident.locator('[data-testid=submit-anyway]').click();
    }
    await submitted.waitFor({ timeout: 20_000 });
    trackingCode = (await resident.locator('[data-testid=tracking-code]').textContent())!.trim();
    expect(trackingCode).toMatch(/^E\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/);
    await resident.screenshot({ path: screenshotPath('resident-submitted') });

    await resident.locator('[data-testid=open-tracking]').click();
    const report = resident.locator('[data-testid=public-report]');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.getAttribute('data-status')).toBe('reported');
    expect(await resident.locator('[data-testid=public-description]').textContent()).toBe(description);
    expect(await resident.locator('[data-testid=public-description] script').count()).toBe(0);
    expect(await resident.locator('[data-testid=public-timeline] .timeline-entry').count()).toBe(1);
    expect(resident.url()).toContain(`#/resident/track/${trackingCode}`);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await resident.screenshot({ path: screenshotPath('resident-tracking'), fullPage: true });

    // the reporter's link (with its key) opens the tracking page on its own, in a fresh browser:
    // the report is not public before registration, but its reporter follows it
    const key = await resident.evaluate((code) => (JSON.parse(window.localStorage.getItem('gridatlas.reporterKeys') ?? '{}') as Record<string, string>)[code], trackingCode);
    expect(key).toBeTruthy();
    const fresh = await openPage(harness, { viewport: { width: 390, height: 844 }, isMobile: true, language: 'en' });
    watches.push({ name: 'tracking-link', watch: fresh.watch });
    contexts.push(fresh.context);
    await fresh.page.goto(`${harness.server.url}/#/resident/track/${trackingCode}?key=${encodeURIComponent(key!)}`);
    await fresh.page.locator('[data-testid=public-report]').waitFor({ timeout: 30_000 });
    expect(await fresh.page.locator('[data-testid=status-note]').textContent()).toContain('Received');
    await fresh.page.screenshot({ path: screenshotPath('resident-tracking-link-en'), fullPage: true });
  });

  test('the dispatcher finds the resident report on the case desk and can hide it from public view', async () => {
    const opened = await openPage(harness, { viewport: { width: 1440, height: 900 } });
    watches.push({ name: 'desk', watch: opened.watch });
    contexts.push(opened.context);
    const desk = opened.page;
    await desk.goto(`${harness.server.url}/#/cases`);
    await desk.locator('[data-testid=sign-in]').click();
    await desk.locator('[data-testid=sign-in-username]').fill('dispatcher');
    await desk.locator('[data-testid=sign-in-password]').fill(demoPassword);
    await desk.locator('[data-testid=sign-in-password]').press('Enter');
    await desk.locator('[data-testid=user-menu]').waitFor({ timeout: 20_000 });
    const row = desk.locator('[data-testid^=case-row-]').filter({ hasText: trackingCode });
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const casePage = desk.locator('[data-testid=case-page]');
    await casePage.waitFor({ timeout: 20_000 });
    expect(await casePage.getAttribute('data-status')).toBe('reported');
    expect(await casePage.textContent()).toContain(description);
    await desk.screenshot({ path: screenshotPath('resident-on-desk') });

    // not registered yet: the desk says why the public cannot see it
    expect(await desk.locator('[data-testid=public-exposure]').getAttribute('data-public')).toBe('no');
    await desk.locator('[data-testid=public-decision-hidden]').click();
    await desk.locator('[data-testid=hidden-tag]').waitFor({ timeout: 20_000 });
    await desk.screenshot({ path: screenshotPath('resident-desk-hidden') });
    await resident.reload();
    await resident.locator('[data-testid=public-hidden]').waitFor({ timeout: 20_000 });
    // the reporter still reads their own words; nobody else does
    expect(await resident.locator('[data-testid=own-description]').count()).toBe(1);
    await resident.screenshot({ path: screenshotPath('resident-tracking-hidden'), fullPage: true });
  });

  test('凤梅家园, 凤梅3栋 and fmjy reach the right worker for buildings in different grids', async () => {
    const opened = await openPage(harness, { viewport: { width: 390, height: 844 }, isMobile: true });
    watches.push({ name: 'estate-search', watch: opened.watch });
    contexts.push(opened.context);
    const page = opened.page;
    await page.goto(`${harness.server.url}/#/resident`);
    const input = page.locator('[data-testid=address-input]');
    await input.waitFor({ timeout: 30_000 });

    // the estate alone: every grid it spans, each with its own buildings (never a silent subset)
    await input.pressSequentially('凤梅家园', { delay: 40 });
    const groups = page.locator('[data-testid=estate-picker] [data-testid=estate-grid]');
    await groups.first().waitFor({ timeout: 10_000 });
    expect(await groups.count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: screenshotPath('resident-estate-picker'), fullPage: true });
    const gridOfBuilding = new Map<string, string>();
    for (let index = 0; index < (await groups.count()); index += 1) {
      const group = groups.nth(index);
      const code = (await group.getAttribute('data-grid-code'))!;
      for (const number of await group.locator('[data-testid=estate-building]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-number')!))) {
        gridOfBuilding.set(number, code);
      }
    }
    expect(gridOfBuilding.has('3')).toBe(true);
    // a building in another grid than 3栋: picking it gives that grid's worker
    const other = [...gridOfBuilding].find(([, code]) => code !== gridOfBuilding.get('3'))!;
    await page.locator(`[data-testid=estate-building][data-number="${other[0]}"]`).first().click();
    const card = page.locator('[data-testid=worker-card]');
    await card.waitFor({ timeout: 10_000 });
    await page.waitForFunction((code) => document.querySelector('[data-testid=worker-card]')?.getAttribute('data-grid-code') === code, other[1]);
    expect(await page.locator('[data-testid=worker-card-why]').textContent()).toMatch(new RegExp(`^凤梅家园 ${other[0]}栋 位于 凤梅社区第\\d{2}网格$`));
    const otherWorker = (await page.locator('[data-testid=worker-name]').textContent())!.trim();

    // short form with a number: 3栋 first, and its own grid and worker
    await input.fill('');
    await input.pressSequentially('凤梅3栋', { delay: 40 });
    const first = page.locator('[data-testid=address-option]').first();
    await page.waitForFunction(() => document.querySelector('[data-testid=address-option]')?.textContent?.startsWith('凤梅家园 3栋'), undefined, { timeout: 10_000 });
    await first.click();
    await page.waitForFunction((code) => document.querySelector('[data-testid=worker-card]')?.getAttribute('data-grid-code') === code, gridOfBuilding.get('3')!);
    expect(await page.locator('[data-testid=worker-card-why]').textContent()).toMatch(/^凤梅家园 3栋 位于 凤梅社区第\d{2}网格$/);
    expect((await page.locator('[data-testid=worker-name]').textContent())!.trim()).not.toBe(otherWorker);
    await page.screenshot({ path: screenshotPath('resident-worker-why'), fullPage: true });

    // pinyin initials: the same estate and grids
    await input.fill('');
    await input.pressSequentially('fmjy', { delay: 40 });
    await page.locator('[data-testid=estate-picker] [data-estate=凤梅家园]').waitFor({ timeout: 10_000 });
    expect(await groups.count()).toBe(new Set(gridOfBuilding.values()).size);
  });

  test('no console errors, page errors or failed requests', () => {
    const problems = watches.flatMap(({ name, watch }) => watch.problems.map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });
});
