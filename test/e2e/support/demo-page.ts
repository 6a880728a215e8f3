import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../../support/console.ts';
import { ensureRendererBuilt, launchChromium, waitForBothDemoCenters, watchProblems, type PageProblems } from './browser.ts';

export interface DemoPage {
  opsdesk: RunningConsole;
  browser: Browser;
  page: Page;
  problems: PageProblems;
  /** Leaves the page first so its pending requests do not outlive the console. */
  close(): Promise<void>;
}

export interface DemoPageOptions {
  console?: Parameters<typeof startConsole>[0];
  /** Defaults to a 1440×900 viewport. */
  page?: BrowserContextOptions;
  /** How long the first sync may take to list both demo centers; null returns as soon as the page is open. */
  waitForCentersMs?: number | null;
}

/** The real console with the demo centers, opened in Chromium, by default once the first sync has listed both centers. */
export async function openDemoPage(options: DemoPageOptions = {}): Promise<DemoPage> {
  await ensureRendererBuilt();
  const opsdesk = await startConsole(options.console);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage(options.page ?? { viewport: { width: 1440, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(opsdesk.url);
    const waitMs = options.waitForCentersMs === undefined ? 30_000 : options.waitForCentersMs;
    if (waitMs !== null) await waitForBothDemoCenters(page, waitMs);
    const opened = browser;
    return {
      opsdesk,
      browser: opened,
      page,
      problems,
      close: async () => {
        await page.goto('about:blank').catch(() => undefined);
        await opened.close();
        await opsdesk.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await opsdesk.close();
    throw error;
  }
}
