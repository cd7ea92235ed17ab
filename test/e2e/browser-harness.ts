import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { readConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { ensureWebBuilt, projectRoot } from '../../server/web/web-build.ts';

/** Debian's Chromium, headless, with software WebGL so MapLibre renders without a GPU. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArguments = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-gpu-sandbox',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const screenshotDirectory = path.join(projectRoot, 'test-results');

export interface Harness {
  server: RunningServer;
  browser: Browser;
  dataDirectory: string | undefined;
  close(): Promise<void>;
}

/**
 * Build the web app, start the real server in-process on a free port and a fresh data folder
 * (or on DATABASE_URL when set), and launch Chromium. The first start loads the demo zone.
 */
export async function startHarness(): Promise<Harness> {
  const log = (message: string) => console.log(`[e2e] ${message}`);
  await ensureWebBuilt(log);
  const dataDirectory = process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-e2e-'));
  const config = readConfig({ ...process.env, PORT: '0', GRIDATLAS_DATA_DIR: dataDirectory ? path.join(dataDirectory, 'db') : undefined });
  const server = await startServer(config, log);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArguments });
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  return {
    server,
    browser,
    dataDirectory,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      if (dataDirectory) fs.rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** Everything the page said that a user should never cause: errors, uncaught exceptions, failed requests, glyph/image warnings. */
export interface ConsoleWatch {
  problems: string[];
}

export async function openPage(
  harness: Harness,
  options: { viewport?: { width: number; height: number }; language?: 'zh-CN' | 'en'; isMobile?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; watch: ConsoleWatch }> {
  const context = await harness.browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (options.language) {
    await context.addInitScript((language) => window.localStorage.setItem('gridatlas.language', language), options.language);
  }
  const page = await context.newPage();
  const watch: ConsoleWatch = { problems: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error') watch.problems.push(`console.error: ${text}`);
    else if (message.type() === 'warning' && /glyph|image|sprite|font/i.test(text)) watch.problems.push(`console.warn: ${text}`);
  });
  page.on('pageerror', (error) => watch.problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // an aborted fetch is the app cancelling work it no longer needs
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') watch.problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return { context, page, watch };
}

/** Wait until the dashboard's data is in and MapLibre has drawn every tile and label. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForSelector('.map-view[data-map-ready="true"]', { timeout: 120_000 });
  await page.waitForFunction(
    () => {
      const map = window.__gridAtlasMap;
      return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving());
    },
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  // one more frame so symbols placed after the last tile arrive are on screen
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * How varied the pixels of the map are: a blank (or single-colour) canvas has one colour and
 * no spread. Decodes the screenshot in the page itself, so no PNG library is needed here.
 */
export async function mapPixelStatistics(page: Page): Promise<{ distinctColours: number; luminanceSpread: number }> {
  const canvas = page.locator('.map-canvas canvas').first();
  const png = await canvas.screenshot();
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const scratch = document.createElement('canvas');
    scratch.width = image.width;
    scratch.height = image.height;
    const context = scratch.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const colours = new Set<number>();
    let sum = 0;
    let sumOfSquares = 0;
    let count = 0;
    for (let index = 0; index < data.length; index += 4 * 7) {
      const [red, green, blue] = [data[index]!, data[index + 1]!, data[index + 2]!];
      colours.add(((red >> 3) << 10) | ((green >> 3) << 5) | (blue >> 3));
      const luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
      sum += luminance;
      sumOfSquares += luminance * luminance;
      count += 1;
    }
    const mean = sum / count;
    return { distinctColours: colours.size, luminanceSpread: Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)) };
  }, png.toString('base64'));
}

export function screenshotPath(name: string): string {
  return path.join(screenshotDirectory, `${name}.png`);
}
