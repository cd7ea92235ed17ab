import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../server/accounts/bootstrap-accounts.ts';
import { openPage, screenshotPath, startHarness, waitForMap, type Harness } from './browser-harness.ts';

interface WorkerRow { id: number; name: string; active: boolean; gridId: number | null; gridCode: string | null }

const zoneDate = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + offsetDays * 86_400_000));

/** A planner fills a vacancy by dragging a worker onto it, then looks at yesterday's layout on the time slider. */
describe('worker assignment and the time slider in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('sees the vacancies, drags a worker onto one (moving them, with a reason), and the slider still shows yesterday', async () => {
    const { page, context, watch } = await openPage(harness);
    const login = await page.request.post(`${harness.server.url}/api/auth/login`, { data: { username: 'planner', password: demoPassword } });
    expect(login.status()).toBe(200);
    await page.goto(`${harness.server.url}/#/planner`);
    await waitForMap(page);
    await page.click('[data-testid=sub-view-assignment]');
    const panel = page.locator('[data-testid=assignment-panel][data-vacant-count]');
    await panel.waitFor({ timeout: 60_000 });
    expect(await panel.getAttribute('data-vacant-count')).toBe('4');
    expect(page.url()).toContain('#/planner/assignment');
    // the map draws vacancies (and overloaded grids) on their own layer
    await expect.poll(() => page.evaluate(() => Boolean(window.__gridAtlasMap!.getLayer('assignment-vacant-fill')))).toBe(true);
    const drawn = await page.evaluate(async () => {
      const source = window.__gridAtlasMap!.getSource('assignment-status') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
      return (await source.getData()).features.map((feature) => feature.properties!.status as string);
    });
    expect(drawn.filter((status) => status === 'vacant')).toHaveLength(4);
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('assignment-view') });

    await page.click('[data-testid=filter-vacant]');
    const vacantRows = page.locator('tr[data-vacant=true]');
    await expect.poll(() => vacantRows.count()).toBe(4);
    const target = Number((await vacantRows.first().getAttribute('data-testid'))!.replace('assignment-row-', ''));

    // every demo worker serves a grid, so filling a vacancy means moving someone: the server's 409 is explained
    const workers = ((await (await page.request.get(`${harness.server.url}/api/workers`)).json()) as { workers: WorkerRow[] }).workers;
    const mover = workers.find((worker) => worker.active && worker.gridId !== null)!;
    await page.dragAndDrop(`[data-testid=worker-item-${mover.id}]`, `[data-testid=assignment-row-${target}]`);
    // the worker list knows the mover serves another grid: the question comes first, then the reason
    const conflict = page.locator('[data-testid=conflict-dialog]');
    await conflict.waitFor();
    expect(await page.locator('.ant-modal-title').last().textContent()).toContain(mover.name);
    expect(await conflict.textContent()).toContain(mover.gridCode!.slice(9));
    await page.screenshot({ path: screenshotPath('assignment-conflict') });
    await page.locator('.ant-modal-footer .ant-btn-primary').last().click();
    await page.waitForSelector('[data-testid=reason-dialog]');
    await page.locator('.ant-modal-footer .ant-btn-primary').last().click();
    await page.waitForSelector('.reason-error'); // a reason is required
    await page.fill('[data-testid=reason-input]', '填补空缺，原网格另行招聘');
    await page.screenshot({ path: screenshotPath('assignment-reason') });
    await page.locator('.ant-modal-footer .ant-btn-primary').last().click();

    // the target is no longer vacant; the mover's old grid is, so there are still four
    await expect.poll(async () => page.locator(`[data-testid=assignment-row-${target}]`).count()).toBe(0);
    await expect.poll(() => page.locator(`[data-testid=assignment-row-${mover.gridId}]`).getAttribute('data-vacant')).toBe('true');
    const after = ((await (await page.request.get(`${harness.server.url}/api/grids/${target}`)).json()) as { worker: { workerId: number } | null });
    expect(after.worker?.workerId).toBe(mover.id);

    // yesterday's layout: the target was still vacant and the old grid still had its worker
    await page.click('[data-testid=filter-all]');
    const yesterday = zoneDate(-1);
    await page.click('[data-testid=time-slider] .ant-picker');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(yesterday);
    await page.keyboard.press('Enter');
    const banner = page.locator('[data-testid=layout-date-banner]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`正在查看 ${yesterday} 的网格布局`);
    const pastGrids = async () =>
      page.evaluate(async () => {
        const source = window.__gridAtlasMap!.getSource('grids') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
        return (await source.getData()).features.map((feature) => ({ id: feature.id as number, vacant: feature.properties!.vacant as boolean }));
      });
    await expect.poll(async () => (await pastGrids()).find((grid) => grid.id === target)?.vacant, { timeout: 30_000 }).toBe(true);
    const past = await pastGrids();
    expect(past).toHaveLength(57);
    expect(past.find((grid) => grid.id === mover.gridId)?.vacant).toBe(false);
    expect(past.filter((grid) => grid.vacant)).toHaveLength(4);
    // assigning is off while looking at the past
    await expect.poll(() => page.locator(`[data-testid=assign-select-${target}]`).count()).toBe(0);
    await waitForMap(page);
    await page.screenshot({ path: screenshotPath('assignment-time-slider-yesterday') });

    await page.click('[data-testid=time-slider-now]');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(async () => (await pastGrids()).find((grid) => grid.id === target)?.vacant).toBe(false);

    // the grid's page: versions with who changed them, and who served it, with the reason
    await page.click(`[data-testid=assignment-row-${target}] td:nth-child(1)`);
    const history = page.locator('[data-testid=grid-assignment-history]');
    await history.locator('[data-testid=assignment-history-entry]').first().waitFor();
    expect(await history.textContent()).toContain('填补空缺');
    expect(await history.textContent()).toContain(mover.name);
    await page.screenshot({ path: screenshotPath('assignment-grid-page') });

    expect(watch.problems).toEqual([]);
    await context.close();
  }, 420_000);
});
