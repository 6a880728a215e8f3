/**
 * Debian Chromium (never a downloaded browser) for the provider's own login, consent and device
 * pages. Every request that is not to 127.0.0.1 is aborted and listed, so the tests stay on
 * loopback even though the provider's built-in pages reference web fonts.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface LoopbackChromium {
  browser: Browser;
  /** Requests the route guard refused (off-loopback). */
  blocked: string[];
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchLoopbackChromium(): Promise<LoopbackChromium> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const blocked: string[] = [];
  return {
    browser,
    blocked,
    async newContext() {
      const context = await browser.newContext();
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1') return route.continue();
        blocked.push(url.href);
        return route.abort('blockedbyclient');
      });
      return context;
    },
    async close() {
      await browser.close();
    },
  };
}

export interface Credentials {
  login: string;
  password: string;
}

/**
 * Walks the provider's devInteractions pages: fills the login form, confirms consent, until
 * `done(page)` holds (e.g. the browser reached the loopback callback). Returns that page's text.
 */
export async function completeProviderPages(page: Page, credentials: Credentials, done: (page: Page) => Promise<boolean>): Promise<string> {
  for (let step = 0; step < 8; step++) {
    await page.waitForLoadState('load');
    if (await done(page)) return page.locator('body').innerText();
    const before = page.url();
    if ((await page.locator('input[name="login"]').count()) > 0) {
      await page.locator('input[name="login"]').fill(credentials.login);
      await page.locator('input[name="password"]').fill(credentials.password);
      await page.locator('button[type="submit"]').click();
    } else if ((await page.locator('input[name="prompt"][value="consent"]').count()) > 0) {
      await page.locator('button[type="submit"]').click();
    } else {
      throw new Error(`unexpected page at ${new URL(before).pathname}: ${(await page.locator('body').innerText()).slice(0, 300)}`);
    }
    await page.waitForURL((next) => next.href !== before, { timeout: 10_000 });
  }
  throw new Error(`provider pages did not finish (last at ${page.url()})`);
}
