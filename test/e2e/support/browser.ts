import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRenderer, rendererIsStale, repoRoot } from '../../../electron/build.ts';

export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/** Builds dist/renderer when it is missing or older than its sources (`npm test` usually did already). */
export async function ensureRendererBuilt(): Promise<void> {
  if (rendererIsStale()) await buildRenderer();
}

/** Debian's Chromium, never a downloaded browser; loopback only. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageProblems {
  errors: string[];
}

/** Collects uncaught page errors and console errors. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    problems.errors.push(`console: ${text}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, name);
  await page.screenshot({ path });
  return path;
}

/**
 * Pixels of the canvas close to a colour: the first series of every chart is drawn in #5aa9ff,
 * a colour no axis or grid uses, so a positive count means the line itself was painted.
 */
export function countSeriesPixels(page: Page, canvasSelector: string, rgb: [number, number, number] = [90, 169, 255]): Promise<number> {
  return page.$eval(
    canvasSelector,
    (element, color) => {
      const canvas = element as HTMLCanvasElement;
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let index = 0; index < data.length; index += 4) {
        if (
          data[index + 3]! > 200 &&
          Math.abs(data[index]! - color[0]) < 24 &&
          Math.abs(data[index + 1]! - color[1]) < 24 &&
          Math.abs(data[index + 2]! - color[2]) < 24
        )
          count += 1;
      }
      return count;
    },
    rgb,
  );
}

/** Waits until the Nodes table lists nodes of both demo centers: the first sync has filled the cache. */
export async function waitForBothDemoCenters(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const rows = document.querySelectorAll('[data-testid="nodes-table"] [data-testid="row"]');
      const centers = new Set([...rows].map((row) => row.getAttribute('data-center')));
      return centers.has('seoul-dc') && centers.has('ohio-region');
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}
