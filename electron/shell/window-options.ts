import type { BrowserWindowConstructorOptions } from 'electron';

/** The one place windows are configured (Electron security checklist; VS Code windows.ts). */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f1419',
    title: 'OpsDesk',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export const appScheme = 'app';
export const appHost = 'opsdesk';
export const appOrigin = `${appScheme}://${appHost}`;

/** External links open in the system browser only when they parse as https on an allowed host. */
export function isAllowedExternalUrl(raw: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && allowedHosts.includes(url.hostname) && url.username === '' && url.password === '';
}

/** IPC is answered only for our own page's main frame. */
export function isTrustedSenderUrl(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}
