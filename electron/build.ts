import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const rendererOutDir = join(repoRoot, 'dist', 'renderer');
export const electronOutDir = join(repoRoot, 'dist', 'electron');

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** True when dist/renderer is missing or older than any renderer or shared source. */
export function rendererIsStale(): boolean {
  const index = join(rendererOutDir, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime([join(repoRoot, 'renderer'), join(repoRoot, 'shared')]) > statSync(index).mtimeMs;
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

/** Bundle the Electron shell: main (CJS, native modules external) and the sandboxed preload (self-contained). */
export async function buildElectronShell(): Promise<void> {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' } as const;
  await esbuild({
    ...common,
    entryPoints: [join(repoRoot, 'electron', 'main.ts')],
    outfile: join(electronOutDir, 'main.cjs'),
    external: ['electron', 'better-sqlite3', 'keytar', 'ssh2', 'cpu-features', 'bufferutil', 'utf-8-validate'],
  });
  await esbuild({
    ...common,
    entryPoints: [join(repoRoot, 'electron', 'preload.ts')],
    outfile: join(electronOutDir, 'preload.cjs'),
    external: ['electron'],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildRenderer();
  await buildElectronShell();
  console.log(`opsdesk: built ${rendererOutDir} and ${electronOutDir}`);
}
