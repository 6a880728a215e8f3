import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts)$/.test(entry) ? [path] : [];
  });
}

interface ImportSite {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

function imports(file: string): ImportSite[] {
  const text = readFileSync(join(root, file), 'utf8');
  const sites: ImportSite[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of text.matchAll(pattern)) {
    sites.push({ file, specifier: (match[3] ?? match[4])!, typeOnly: Boolean(match[2]) });
  }
  return sites;
}

function room(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return relative(root, resolve(root, dirname(file), specifier)).split(/[\\/]/)[0] ?? null;
}

test('shared/ is pure: no Node, DOM, React or Electron imports', () => {
  const offenders = sources('shared')
    .flatMap(imports)
    .filter(({ specifier, file }) => !specifier.startsWith('.') ? specifier !== 'zod' : room(file, specifier) !== 'shared');
  assert.deepEqual(offenders, []);
  const globals = sources('shared').filter((file) => /\b(window|document|process|Buffer|require)\s*[.(]/.test(readFileSync(join(root, file), 'utf8')));
  assert.deepEqual(globals, [], 'shared/ must not touch runtime globals');
});

test('electron/ and renderer/ never import each other', () => {
  const electronToRenderer = sources('electron').flatMap(imports).filter((site) => room(site.file, site.specifier) === 'renderer');
  const rendererToElectron = sources('renderer').flatMap(imports).filter((site) => room(site.file, site.specifier) === 'electron');
  assert.deepEqual(electronToRenderer, []);
  assert.deepEqual(rendererToElectron, []);
});

test('only the Electron shell (main.ts, preload.ts) imports electron at run time', () => {
  const runtime = sources('electron')
    .flatMap(imports)
    .filter((site) => site.specifier === 'electron' && !site.typeOnly)
    .map((site) => site.file)
    .sort();
  assert.deepEqual(runtime, ['electron/main.ts', 'electron/preload.ts']);
  const elsewhere = [...sources('shared'), ...sources('renderer')].flatMap(imports).filter((site) => site.specifier === 'electron');
  assert.deepEqual(elsewhere, []);
});

test('the checker sees imports (it would catch a violation)', () => {
  const sites = imports('electron/main.ts');
  assert.ok(sites.some((site) => site.specifier === 'electron' && !site.typeOnly));
  assert.equal(room('renderer/app/x.tsx', '../../electron/core.ts'), 'electron');
});
