import { pointOnFeature } from '@turf/turf';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, type ConsoleWatch, type Harness } from './browser-harness.ts';

interface GridFeature {
  geometry: GeoJSON.MultiPolygon;
  properties: { id: number; name: string; workerId: number | null };
}

/** A small real PNG, as a phone camera would hand over (the server re-encodes it). */
async function photo(red: number, green: number, blue: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: red, g: green, b: blue } } }).png().toBuffer();
  return { name: 'scene.png', mimeType: 'image/png', buffer };
}

/**
 * The closed loop as its people meet it: a grid worker on a phone reports a problem found on
 * patrol with a photo; it appears on the dispatcher's desk; the dispatcher registers it (routed to
 * the grid's worker); the worker accepts, starts and reports it handled with a photo; the
 * dispatcher — not the handler — passes the check and closes it. Then the worker reveals a
 * household's phone number and the auditor finds that reveal in the audit log.
 */
describe('incident loop in Chromium: worker phone view, case desk, audit log', () => {
  let harness: Harness;
  let workerGrid: GridFeature;
  const watches: { name: string; watch: ConsoleWatch }[] = [];
  const contexts: BrowserContext[] = [];
  let workerPage: Page;
  let deskPage: Page;
  let trackingCode = '';
  let caseId = 0;

  beforeAll(async () => {
    harness = await startHarness();
    // the demo worker account's grid: where the patrol happens
    const login = await fetch(`${harness.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'worker', password: demoPassword }),
    });
    const { user } = (await login.json()) as { user: { workerId: number } };
    const grids = ((await (await fetch(`${harness.server.url}/api/grids`)).json()) as { features: GridFeature[] }).features;
    workerGrid = grids.find((grid) => grid.properties.workerId === user.workerId)!;
    expect(workerGrid).toBeDefined();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await harness?.close();
  });

  async function signedIn(name: string, username: string, hash: string, options: Parameters<typeof openPage>[1]) {
    const opened = await openPage(harness, options);
    watches.push({ name, watch: opened.watch });
    contexts.push(opened.context);
    const { page } = opened;
    // name the failing URL, which the console message leaves out
    page.on('response', (response) => {
      if (response.status() >= 400) opened.watch.problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
    await page.goto(`${harness.server.url}/#/${hash}`);
    await page.locator('[data-testid=sign-in]').click();
    await page.locator('[data-testid=sign-in-username]').fill(username);
    await page.locator('[data-testid=sign-in-password]').fill(demoPassword);
    await page.locator('[data-testid=sign-in-password]').press('Enter');
    await page.locator('[data-testid=user-menu]').waitFor({ timeout: 20_000 });
    return opened;
  }

  /** Press an action button on the open case page and confirm its dialog. */
  async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>) {
    await page.locator(`[data-testid=action-${action}]`).click();
    const dialog = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=action-note]') });
    await dialog.waitFor();
    if (fill) await fill(dialog);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
  }

  const caseStatus = (page: Page) => page.locator('[data-testid=case-page]').getAttribute('data-status');

  test('a worker on a phone reports a problem on patrol with a photo and location', async () => {
    const [longitude, latitude] = pointOnFeature(workerGrid.geometry).geometry.coordinates as [number, number];
    const opened = await signedIn('worker-phone', 'worker', 'worker', { viewport: { width: 390, height: 844 }, isMobile: true });
    workerPage = opened.page;
    await opened.context.grantPermissions(['geolocation'], { origin: harness.server.url });
    await opened.context.setGeolocation({ longitude, latitude, accuracy: 10 });

    await workerPage.locator('[data-testid=worker-view]').waitFor({ timeout: 30_000 });
    await expect.poll(() => workerPage.locator('[data-testid=worker-grid-name]').textContent(), { timeout: 60_000 }).toBe(workerGrid.properties.name);
    await workerPage.locator('.mini-map[data-ready=true]').waitFor({ timeout: 60_000 });
    expect(await workerPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await workerPage.screenshot({ path: screenshotPath('worker-phone-tasks') });

    await workerPage.locator('[data-testid=worker-tab-report]').click();
    await workerPage.locator('[data-testid=report-category] .ant-select').click();
    await workerPage.locator('.ant-cascader-menu-item', { hasText: '市容环境' }).click();
    await workerPage.locator('.ant-cascader-menu-item', { hasText: '暴露垃圾' }).click();
    await workerPage.locator('[data-testid=report-description]').fill('端到端测试：巡查发现路边暴露垃圾一堆');
    await workerPage.locator('[data-testid=report-photos] [data-testid=photo-input]').setInputFiles(await photo(120, 160, 90));
    await workerPage.locator('[data-testid=report-photos] .photo-thumb img').waitFor({ timeout: 20_000 });
    await workerPage.locator('[data-testid=report-locate]').click();
    await expect.poll(() => workerPage.locator('[data-testid=report-location]').textContent(), { timeout: 20_000 }).toBe(`${longitude.toFixed(5)}, ${latitude.toFixed(5)}`);
    await workerPage.screenshot({ path: screenshotPath('worker-phone-report'), fullPage: true });
    await workerPage.locator('[data-testid=report-submit]').click();

    await workerPage.locator('[data-testid=report-done]').waitFor({ timeout: 20_000 });
    trackingCode = (await workerPage.locator('[data-testid=reported-code]').textContent())!;
    expect(trackingCode.trim().length).toBeGreaterThan(6);
    await workerPage.locator('.report-done .ant-btn-primary').click();
    await workerPage.locator('[data-testid=case-page]').waitFor();
    caseId = Number(await workerPage.locator('[data-testid=case-page]').getAttribute('data-case-id'));
    expect(await caseStatus(workerPage)).toBe('reported');
    // the patrol photo is on the case
    expect(await workerPage.locator('[data-testid=case-page] .photo-image').count()).toBeGreaterThan(0);
  });

  test('it appears on the dispatcher\'s desk, who registers it; it is routed to the grid\'s worker', async () => {
    const opened = await signedIn('dispatcher-desk', 'dispatcher', 'cases', { viewport: { width: 1440, height: 900 } });
    deskPage = opened.page;
    const row = deskPage.locator(`[data-testid=case-row-${caseId}]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain(trackingCode);
    await row.click();
    await expect.poll(() => deskPage.locator('[data-testid=case-page]').getAttribute('data-case-id'), { timeout: 20_000 }).toBe(String(caseId));
    expect(await deskPage.locator('[data-testid=case-timeline] .timeline-entry').count()).toBe(1);
    await deskPage.screenshot({ path: screenshotPath('case-desk-reported') });

    await act(deskPage, 'register', (dialog) => dialog.locator('[data-testid=action-note]').fill('核实属实，予以立案'));
    await expect.poll(() => caseStatus(deskPage), { timeout: 20_000 }).toBe('dispatched');
    expect(await deskPage.locator('[data-testid=case-page] .case-facts').textContent()).toContain(workerGrid.properties.name);
  });

  test('the worker accepts, starts and reports it handled with a photo', async () => {
    await workerPage.locator('[data-testid=case-back]').click();
    await workerPage.locator('[data-testid=worker-tab-tasks]').click();
    const task = workerPage.locator(`[data-testid=task-${caseId}]`);
    await task.waitFor({ timeout: 20_000 });
    expect(await task.locator('[data-testid=countdown]').textContent()).toMatch(/剩余|超期/);
    await task.click();
    await workerPage.locator('[data-testid=case-page]').waitFor();

    await act(workerPage, 'accept');
    await expect.poll(() => workerPage.locator('[data-testid=action-accept]').count(), { timeout: 20_000 }).toBe(0);
    await act(workerPage, 'start');
    await expect.poll(() => caseStatus(workerPage), { timeout: 20_000 }).toBe('handling');
    await act(workerPage, 'handle', async (dialog) => {
      await dialog.locator('[data-testid=photo-input]').setInputFiles(await photo(200, 200, 210));
      await dialog.locator('.photo-thumb img').waitFor({ timeout: 20_000 });
      await dialog.locator('[data-testid=action-note]').fill('已清运完毕');
    });
    await expect.poll(() => caseStatus(workerPage), { timeout: 20_000 }).toBe('handled');
    // the worker may not check their own work
    expect(await workerPage.locator('[data-testid=case-actions]').count()).toBe(0);
    await workerPage.screenshot({ path: screenshotPath('worker-phone-case-handled'), fullPage: true });
  });

  test('the dispatcher, not the handler, passes the check and closes the case', async () => {
    await deskPage.locator(`[data-testid=case-row-${caseId}]`).click();
    await deskPage.locator('[data-testid=case-page] .case-page-bar button').last().click();
    await deskPage.locator('[data-testid=action-pass_check]').waitFor({ timeout: 20_000 });
    await act(deskPage, 'pass_check');
    await expect.poll(() => caseStatus(deskPage), { timeout: 20_000 }).toBe('checked');
    await act(deskPage, 'close', (dialog) => dialog.locator('[data-testid=action-note]').fill('结案'));
    await expect.poll(() => caseStatus(deskPage), { timeout: 20_000 }).toBe('closed');

    const actions = await deskPage.locator('[data-testid=case-timeline] .timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-action')));
    expect(actions).toEqual(['report', 'register', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'close']);
    // the handling photo is on the timeline
    expect(await deskPage.locator('.timeline-entry[data-action=handle] img').count()).toBeGreaterThan(0);
    await deskPage.screenshot({ path: screenshotPath('case-desk-closed') });
  });

  test('the worker reveals a household phone with a reason; the auditor finds it in the audit log', async () => {
    await workerPage.locator('[data-testid=case-back]').click();
    await workerPage.locator('[data-testid=worker-tab-grid]').click();
    const revealButton = workerPage.locator('[data-testid^=reveal-phone-]').first();
    await revealButton.waitFor({ timeout: 20_000 });
    const householdId = (await revealButton.getAttribute('data-testid'))!.replace('reveal-phone-', '');
    const phoneField = workerPage.locator(`[data-testid=household-${householdId}] [data-field=phone]`);
    expect(await phoneField.textContent()).toContain('****');
    await revealButton.click();
    await workerPage.locator('[data-testid=reveal-reason]').fill('入户走访核对联系方式');
    await workerPage.locator('[data-testid=reveal-confirm]').click();
    await expect.poll(() => phoneField.getAttribute('data-masked'), { timeout: 20_000 }).toBe('false');
    expect(await phoneField.textContent()).toMatch(/^\d{11}$/);
    await workerPage.screenshot({ path: screenshotPath('worker-phone-households') });

    const { page: auditPage } = await signedIn('auditor', 'auditor', 'audit', { viewport: { width: 1440, height: 900 } });
    await auditPage.locator('[data-testid=audit-view]').waitFor({ timeout: 20_000 });
    await auditPage.locator('[data-testid=audit-action] input').fill('household.reveal');
    await expect
      .poll(async () => (await auditPage.locator('.audit-table .ant-table-row').allTextContents()).join('\n'), { timeout: 20_000 })
      .toContain('查看住户完整信息');
    // the row names the action, the role and the household (by its address, not its id) in Chinese
    const firstRow = (await auditPage.locator('.audit-table .ant-table-row').first().textContent()) ?? '';
    expect(firstRow).toContain('网格员');
    expect(firstRow).toMatch(/住户.*室/);
    expect(firstRow).not.toContain(`household ${householdId}`);
    await expect.poll(() => auditPage.locator('.audit-table .ant-spin-blur').count(), { timeout: 20_000 }).toBe(0);
    await auditPage.screenshot({ path: screenshotPath('audit-log') });
  });

  test('no console errors, page errors or failed requests', () => {
    const problems = watches.flatMap(({ name, watch }) => watch.problems.map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });
});
