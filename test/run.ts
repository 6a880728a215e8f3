// `npm test`: typecheck, build the renderer when stale, then every test file under node's test runner.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildRenderer, rendererIsStale, repoRoot } from '../electron/build.ts';

const suites = ['unit', 'integration', 'e2e'];
const only = process.argv.slice(2);

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return testFiles(path);
    return entry.endsWith('.test.ts') ? [path] : [];
  });
}

function step(title: string, command: string, args: string[]): void {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

mkdirSync(join(repoRoot, 'test', 'artifacts'), { recursive: true });
// Everything OpsDesk writes during the suite, and every payload it sends, is kept here for the final secret scan.
const scanDir = join(repoRoot, 'test', 'artifacts', 'secret-scan');
rmSync(scanDir, { recursive: true, force: true });
process.env.OPSDESK_SECRET_SCAN_DIR = scanDir;
process.env.OPSDESK_PAYLOAD_TRACE_DIR = join(scanDir, 'payloads');
step('typecheck (tsc --noEmit, strict)', process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit']);
if (rendererIsStale()) {
  console.log('\n== building the renderer');
  await buildRenderer();
}
const files = suites
  .filter((suite) => only.length === 0 || only.includes(suite))
  .flatMap((suite) => testFiles(join(repoRoot, 'test', suite)).sort())
  .map((file) => relative(repoRoot, file));
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);
if (only.length === 0) step('secret scan over everything the suite wrote and sent', process.execPath, ['--import', 'tsx', '--test', 'test/final/secret-scan.test.ts']);
