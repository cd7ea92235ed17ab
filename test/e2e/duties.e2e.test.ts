import { booleanPointInPolygon, point } from '@turf/turf';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import type { BackStreetSectionCollection, DutyPostList } from '../../contract/duties.ts';
import { openPage, screenshotPath, startHarness, type ConsoleWatch, type Harness } from './browser-harness.ts';

async function photo(red: number, green: number, blue: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: red, g: green, b: blue } } }).png().toBuffer();
  return { name: 'lane.png', mimeType: 'image/png', buffer };
}

const han = /[\u4e00-\u9fff]/;

/**
 * 城管 duties as their people meet them: the dispatcher's duties view (map of sections, coverage,
 * station table with the rule cited, today's posts) in Chinese and English; a grid worker on a
 * phone checks in at their duty post and records a back-street round with photos and a finding,
 * which becomes a case for the section's responsible person.
 */
describe('duties in Chromium: duties view, phone check-in and round', () => {
  let harness: Harness;
  const watches: { name: string; watch: ConsoleWatch }[] = [];
  const contexts: BrowserContext[] = [];
  let myPost: { id: number; longitude: number; latitude: number };
  let target: { label: string; longitude: number; latitude: number };

  beforeAll(async () => {
    harness = await startHarness();
    const login = await fetch(`${harness.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'worker', password: demoPassword }),
    });
    const cookie = login.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    const { user } = (await login.json()) as { user: { workerId: number; displayName: string } };
    const get = async <T,>(path: string) => (await (await fetch(`${harness.server.url}${path}`, { headers: { Cookie: cookie } })).json()) as T;
    const posts = await get<DutyPostList>('/api/duty-posts');
    const post = posts.posts.find((candidate) => candidate.roster.some((shift) => shift.mine))!;
    expect(post).toBeDefined();
    myPost = { id: post.id, longitude: post.longitude, latitude: post.latitude };
    // a section in the worker's community that someone else answers for
    const grids = (await get<{ features: { properties: { workerId: number | null; communityId: number } }[] }>('/api/grids')).features;
    const communityId = grids.find((grid) => grid.properties.workerId === user.workerId)!.properties.communityId;
    const communities = (await get<{ features: { id: number; geometry: GeoJSON.MultiPolygon }[] }>('/api/communities')).features;
    const boundary = communities.find((community) => community.id === communityId)!.geometry;
    const sections = await get<BackStreetSectionCollection>('/api/back-streets');
    const workerName = user.displayName.replace(/（.*$/, '');
    const chosen = sections.features.find((feature) => {
      const middle = feature.geometry.coordinates[Math.floor((feature.geometry.coordinates.length - 1) / 2)]!;
      return feature.properties.responsiblePerson?.kind === 'grid_worker' && feature.properties.responsiblePerson.name !== workerName
        && booleanPointInPolygon(point(middle), boundary);
    })!;
    expect(chosen).toBeDefined();
    const middle = chosen.geometry.coordinates[Math.floor((chosen.geometry.coordinates.length - 1) / 2)]!;
    target = { label: `${chosen.properties.name} · ${chosen.properties.responsiblePerson!.name}`, longitude: middle[0]!, latitude: middle[1]! };
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

  async function dutiesView(page: Page) {
    await page.locator('[data-testid=duties-map][data-ready=true]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=station-table] tbody tr.ant-table-row').nth(2).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=post-list] li').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // tiles and labels settle
  }

  test('the dispatcher sees coverage, stations (required vs actual, rule cited) and posts, in Chinese', async () => {
    const { page } = await signedIn('duties-zh', 'dispatcher', 'duties', { viewport: { width: 1440, height: 900 } });
    await dutiesView(page);
    expect(await page.locator('[data-testid=unassigned-metres]').textContent()).toBe('0 米');
    expect(await page.locator('[data-testid=station-table] tbody tr.ant-table-row').count()).toBe(3);
    await page.locator('[data-testid=station-table] tbody tr.ant-table-row').nth(1).locator('.ant-table-row-expand-icon').click();
    const rule = await page.locator('[data-testid^=station-rule-]').first().textContent();
    expect(rule).toContain('第7篇');
    expect(await page.locator('[data-testid=station-table]').textContent()).toContain('缺 2 人');
    await page.screenshot({ path: screenshotPath('duties-view-zh') });
    const narrow = await signedIn('duties-zh-phone', 'dispatcher', 'duties', { viewport: { width: 390, height: 844 }, isMobile: true });
    await dutiesView(narrow.page);
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await narrow.page.screenshot({ path: screenshotPath('duties-view-zh-390') });
  });

  test('the same view in English has no Chinese words except names', async () => {
    const { page } = await signedIn('duties-en', 'dispatcher', 'duties', { viewport: { width: 1440, height: 900 }, language: 'en' });
    await dutiesView(page);
    expect(await page.locator('[data-testid=unassigned-metres]').textContent()).toBe('0 m');
    const headings = await page.locator('.duties-side .ant-card-head-title').allTextContents();
    for (const heading of headings) expect(heading).not.toMatch(han);
    expect(await page.locator('[data-testid=duties-legend]').textContent()).not.toMatch(han);
    await page.locator('[data-testid=station-table] tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    const rule = (await page.locator('[data-testid^=station-rule-]').first().textContent()) ?? '';
    expect(rule).toContain('required in all');
    await page.screenshot({ path: screenshotPath('duties-view-en') });
  });

  test('a worker checks in at their duty post on the phone, then records a round with photos and a finding', async () => {
    const { page, context } = await signedIn('duty-phone', 'worker', 'worker/duty', { viewport: { width: 390, height: 844 }, isMobile: true });
    await context.grantPermissions(['geolocation'], { origin: harness.server.url });
    await context.setGeolocation({ longitude: myPost.longitude + 0.0002, latitude: myPost.latitude, accuracy: 10 });
    await page.locator(`[data-testid=check-in-${myPost.id}]`).click();
    const message = page.locator('[data-testid=check-in-message]');
    await message.waitFor({ timeout: 20_000 });
    expect(await message.textContent()).toMatch(/已签到（距守点 \d+ 米）/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('duty-phone-check-in-zh') });

    await context.setGeolocation({ longitude: target.longitude, latitude: target.latitude, accuracy: 10 });
    await page.locator('[data-testid=round-section]').click();
    await page.keyboard.type(target.label.split(' · ')[0]!);
    await page.locator('.ant-select-item-option', { hasText: target.label }).first().click();
    await page.locator('[data-testid=round-photos] [data-testid=photo-input]').setInputFiles(await photo(90, 140, 200));
    await page.locator('[data-testid=round-photos] .photo-thumb img').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=finding-category]').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '市容环境' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '暴露垃圾' }).click();
    await page.locator('[data-testid=finding-description]').fill('端到端测试：巷口暴露垃圾');
    await page.locator('[data-testid=finding-photos] [data-testid=photo-input]').setInputFiles(await photo(160, 120, 60));
    await page.locator('[data-testid=finding-photos] .photo-thumb img').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('duty-phone-round-zh'), fullPage: true });
    await page.locator('[data-testid=round-submit]').click();
    const result = page.locator('[data-testid=round-result]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain(target.label.split(' · ')[1]!);
    await page.screenshot({ path: screenshotPath('duty-phone-round-done-zh'), fullPage: true });

    const english = await signedIn('duty-phone-en', 'worker', 'worker/duty', { viewport: { width: 390, height: 844 }, isMobile: true, language: 'en' });
    await english.page.locator('[data-testid=my-shifts]').waitFor({ timeout: 20_000 });
    expect(await english.page.locator('.duty-phone .ant-card-head-title').allTextContents()).toEqual(['My duty shifts today', 'Back-street round']);
    await english.page.screenshot({ path: screenshotPath('duty-phone-en'), fullPage: true });
  });

  test('nothing went wrong in any page', () => {
    for (const { name, watch } of watches) expect(watch.problems, name).toEqual([]);
  });
});
