import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

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
});

// Typechecked with the language's own library only (no DOM, no @types/node): any use of window, document, process,
// Buffer, require… is an unknown name. The few WHATWG globals both runtimes provide are allowed.
const universalGlobals = new Set(['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal']);

test('shared/ touches no runtime globals (typechecked without DOM or Node types)', () => {
  const program = ts.createProgram(
    sources('shared').map((file) => join(root, file)),
    {
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
    },
  );
  const unknownNames = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.code === 2304 || diagnostic.code === 2580 || diagnostic.code === 2591 || diagnostic.code === 2584)
    .map((diagnostic) => ({
      file: diagnostic.file ? relative(root, diagnostic.file.fileName) : '?',
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    }))
    .filter(({ message }) => !universalGlobals.has(/name '([^']+)'/.exec(message)?.[1] ?? ''));
  assert.deepEqual(unknownNames, [], 'shared/ must not touch runtime globals');
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
