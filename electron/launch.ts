import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildElectronShell, buildRenderer, rendererIsStale, rendererOutDir, repoRoot } from './build.ts';
import { startCore } from './core.ts';
import { startHost } from './host/server.ts';
import { openInBrowser } from './host/open-browser.ts';
import { resolveDataDir } from './services/data-dir.ts';

/** The Electron binary, or null when it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, offline desks). */
function electronBinary(): string | null {
  try {
    const packageDir = join(createRequire(import.meta.url).resolve('electron/package.json'), '..');
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

if (rendererIsStale()) {
  console.log('opsdesk: building the renderer…');
  await buildRenderer();
}

const binary = process.env.OPSDESK_NO_ELECTRON === '1' ? null : electronBinary();
if (binary) {
  await buildElectronShell();
  // Native modules are built for Node by npm; Electron needs its own ABI. `npm test` rebuilds them for Node again.
  const rebuilt = spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: repoRoot, stdio: 'inherit' });
  if (rebuilt.status !== 0) console.error('opsdesk: rebuilding native modules for Electron failed; the window may not start');
  const child = spawn(binary, [repoRoot], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('opsdesk: no Electron runtime here (its download was skipped or failed); serving the console to your browser instead.');
  const dataDir = resolveDataDir();
  const core = await startCore({ dataDir, version, ...(process.env.OPSDESK_CONFIG ? { configFile: process.env.OPSDESK_CONFIG } : {}) });
  const host = await startHost({ dispatcher: core.dispatcher, rendererDir: rendererOutDir });
  console.log(`opsdesk: data in ${dataDir}`);
  console.log(`opsdesk: console at ${host.url}`);
  if (process.env.OPSDESK_NO_BROWSER !== '1') openInBrowser(host.url);
  const shutdown = async (): Promise<void> => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
