import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { levelColors, type MapLevel } from '../../renderer/views/map/map-scale.ts';
import type { RunningConsole } from '../support/console.ts';
import { screenshot, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';

const levels = Object.keys(levelColors) as MapLevel[];

/** Cells per colour on the map canvas: cells are 14×14 squares filled with exactly one legend colour. */
async function canvasCellCounts(page: Page): Promise<Record<string, number>> {
  return page.$eval(
    '[data-testid="map-canvas"]',
    (element, palette) => {
      const canvas = element as HTMLCanvasElement;
      const context = canvas.getContext('2d')!;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const cellPixels = Math.round(14 * ratio) ** 2;
      const counts: Record<string, number> = {};
      for (const [level, hex] of palette) {
        const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
        let pixels = 0;
        for (let index = 0; index < data.length; index += 4) {
          if (data[index] === r && data[index + 1] === g && data[index + 2] === b && data[index + 3] === 255) pixels += 1;
        }
        counts[level] = Math.round(pixels / cellPixels);
      }
      return counts;
    },
    levels.map((level) => [level, levelColors[level]] as [string, string]),
  );
}

async function legendCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const level of levels) counts[level] = Number(await page.textContent(`[data-testid="map-count-${level}"]`));
  return counts;
}

/** A point (page coordinates) on a cell of the given colour. */
async function pointOnColour(page: Page, hex: string): Promise<{ x: number; y: number } | null> {
  return page.$eval(
    '[data-testid="map-canvas"]',
    (element, colour) => {
      const canvas = element as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const [r, g, b] = [1, 3, 5].map((offset) => parseInt(colour.slice(offset, offset + 2), 16));
      const rect = canvas.getBoundingClientRect();
      const ratio = canvas.width / rect.width;
      for (let index = 0; index < data.length; index += 4) {
        if (data[index] !== r || data[index + 1] !== g || data[index + 2] !== b) continue;
        const pixel = index / 4;
        // Aim a few pixels into the cell, not at its edge.
        return { x: rect.left + (pixel % canvas.width) / ratio + 5, y: rect.top + Math.floor(pixel / canvas.width) / ratio + 5 };
      }
      return null;
    },
    hex,
  );
}

/** The map over the demo centers' cache, driven through Debian Chromium. */
describe('map end to end in Chromium', { timeout: 240_000 }, () => {
  let demo: DemoPage | undefined;
  let opsdesk: RunningConsole;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    demo = await openDemoPage({ waitForCentersMs: 90_000 });
    ({ opsdesk, page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
  });

  it('opens with 9 and draws one cell per pod, grouped center → namespace, matching the legend', async () => {
    await page.keyboard.press('9');
    await page.waitForSelector('[data-testid="map-canvas"][data-frame]', { timeout: 30_000 });
    const pods = opsdesk.core.cache.listPods({ centerIds: [] });
    const legend = await legendCounts(page);
    const total = Object.values(legend).reduce((sum, count) => sum + count, 0);
    assert.equal(total, pods.length, 'the legend counts every cached pod once');
    assert.ok(legend.ok! + legend.elevated! + legend.high! + legend.critical! > 0, 'some pods have cached memory samples');
    assert.deepEqual(await canvasCellCounts(page), legend, 'the canvas paints what the legend counts');
    await screenshot(page, 'map-pods-memory.png');
  });

  it('scrubbing back in time repaints the cells in other colours', async () => {
    await page.selectOption('[data-testid="map-entity"]', 'container');
    await page.selectOption('[data-testid="map-metric"]', 'restarts');
    await page.waitForSelector('[data-testid="map-canvas"][data-entity="container"][data-metric="restarts"][data-frame="59"]', { timeout: 10_000 });
    const now = await canvasCellCounts(page);
    const timeNow = await page.textContent('[data-testid="map-time"]');
    await page.focus('[data-testid="map-scrubber"]');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-frame') === '0');
    const earlier = await canvasCellCounts(page);
    const timeEarlier = await page.textContent('[data-testid="map-time"]');
    assert.notEqual(timeEarlier, timeNow, 'the scrubber moved the time shown');
    assert.notDeepEqual(earlier, now, `colours differ an hour apart: ${JSON.stringify(earlier)} vs ${JSON.stringify(now)}`);
    // The crash-looping checkout containers had fewer restarts an hour ago.
    assert.ok((earlier.critical ?? 0) + (earlier.high ?? 0) < (now.critical ?? 0) + (now.high ?? 0), 'restarts grew over the hour');
    assert.deepEqual(earlier, await legendCounts(page));
    await screenshot(page, 'map-containers-restarts-earlier.png');
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-frame') === '59');
    assert.deepEqual(await canvasCellCounts(page), now);
  });

  it('hovering a cell shows its name, value and status', async () => {
    const point = (await pointOnColour(page, levelColors.critical)) ?? (await pointOnColour(page, levelColors.ok));
    assert.ok(point, 'a coloured cell to hover');
    await page.mouse.move(point.x, point.y);
    const tooltip = await page.waitForSelector('[data-testid="map-tooltip"]', { timeout: 5_000 });
    const text = (await tooltip.textContent()) ?? '';
    assert.match(text, /Restarts: \d+/);
    await page.mouse.move(1, 1);
  });

  it('regroups by node, and opens a cell with the keyboard in the detail pane', async () => {
    await page.selectOption('[data-testid="map-entity"]', 'pod');
    await page.waitForSelector('[data-testid="map-canvas"][data-entity="pod"][data-metric="restarts"]', { timeout: 10_000 });
    await page.selectOption('[data-testid="map-group-2"]', 'node');
    await page.waitForTimeout(200);
    await screenshot(page, 'map-pods-by-node.png');
    await page.focus('[data-testid="map-grid"]');
    await page.keyboard.press('ArrowRight');
    const tooltip = await page.waitForSelector('[data-testid="map-tooltip"]', { timeout: 5_000 });
    const name = await tooltip.$eval('strong', (element) => element.textContent ?? '');
    assert.ok(name.length > 0);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tab-pods[aria-selected="true"]', { timeout: 5_000 });
    const detail = await page.waitForSelector('[data-testid="detail"]', { timeout: 10_000 });
    assert.match((await detail.getAttribute('aria-label')) ?? '', new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.deepEqual(problems.errors, [], problems.errors.join('\n'));
  });
});
