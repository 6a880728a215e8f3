import { app, BrowserWindow, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eventNames } from '../shared/contract/channels.ts';
import { fail } from '../shared/contract/result.ts';
import { startCore, type OpsDeskCore } from './core.ts';
import { contentSecurityPolicy } from './security/content-security-policy.ts';
import { resolveDataDir } from './services/data-dir.ts';
import { appHost, appOrigin, appScheme, createWindowOptions, isAllowedExternalUrl, isTrustedSenderUrl } from './shell/window-options.ts';

// Bundled to dist/electron/main.cjs; the renderer is built to dist/renderer.
const rendererDir = join(__dirname, '..', 'renderer');
/** Links may open in the system browser only on the sign-in providers' hosts (device-flow verification pages). */
function externalHosts(): string[] {
  return Object.values(core?.registry.signInProfiles() ?? {}).map((profile) => new URL(profile.issuer).hostname);
}

protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let core: OpsDeskCore | null = null;

function serveRenderer(): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    if (url.host !== appHost || relative.split(sep).includes('..')) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(join(rendererDir, relative)).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && isTrustedSenderUrl(frame.url, frame === event.sender.mainFrame);
}

function bindIpc(current: OpsDeskCore): void {
  for (const channel of current.dispatcher.channels) {
    ipcMain.handle(channel, (event, input: unknown) =>
      isTrustedSender(event) ? current.dispatcher.invoke(channel, input) : fail('forbidden', 'IPC from an untrusted frame'),
    );
  }
}

function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, externalHosts())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function createMainWindow(current: OpsDeskCore): Promise<void> {
  const window = new BrowserWindow(createWindowOptions(join(__dirname, 'preload.cjs')));
  lockNavigation(window.webContents);
  const unsubscribers = eventNames.map((name) =>
    current.dispatcher.subscribe(name, (payload) => {
      if (!window.isDestroyed()) window.webContents.send(name, payload);
    }),
  );
  window.on('closed', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${appOrigin}/index.html`);
}

/**
 * PDF exports through Electron's own print: the self-contained HTML export (its CSP forbids any
 * fetch) in a hidden, sandboxed window with JavaScript off, printed, then destroyed.
 */
async function printToPdf(html: string): Promise<Uint8Array> {
  const work = mkdtempSync(join(tmpdir(), 'opsdesk-print-'));
  const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    const file = join(work, 'export.html');
    writeFileSync(file, html);
    await window.loadFile(file);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  void core?.close();
});

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  serveRenderer();
  core = await startCore({
    dataDir: resolveDataDir(),
    version: app.getVersion(),
    htmlToPdf: printToPdf,
    ...(process.env.OPSDESK_CONFIG ? { configFile: process.env.OPSDESK_CONFIG } : {}),
    // Sign-in pages open in the system browser (RFC 8252), never inside the app's window.
    openBrowser: (url) => {
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    },
  });
  bindIpc(core);
  await createMainWindow(core);
});
