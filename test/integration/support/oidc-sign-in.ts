/** What an app-level SSO test needs to sign in through the contract: the config block and a browser that walks the provider's pages. */
import type { BrowserContext } from 'playwright-core';
import { completeProviderPages, type Credentials } from './oidc-browser.ts';
import { nativeClientId, type OidcTestProvider } from './oidc-provider.ts';

/** centers.yaml lines declaring the provider as sign-in profile `corp`. */
export function corpSignInLines(provider: OidcTestProvider): string[] {
  return ['signIn:', '  corp:', `    issuer: ${provider.issuer}`, `    clientId: ${nativeClientId}`, '    scopes: [openid, profile, offline_access]'];
}

/**
 * An `openBrowser` for startCore that acts like a system browser: it returns at once while a page of
 * `context` signs in as `credentials` until the loopback callback is reached.
 */
export function systemBrowserSigningInAs(context: BrowserContext, credentials: Credentials): (url: string) => void {
  return (url) => {
    void (async () => {
      const page = await context.newPage();
      await page.goto(url);
      await completeProviderPages(page, credentials, async (current) => new URL(current.url()).pathname === '/callback');
      await page.close();
    })().catch((error: unknown) => console.error(`browser walk failed: ${String(error)}`));
  };
}
