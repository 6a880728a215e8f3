// Runs after every other suite (test/run.ts): no secret value a test used may appear in what OpsDesk
// wrote (cache files, logs, config, exports) or in any payload it sent towards a renderer.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scannedOutput } from '../support/temp-dir.ts';

const scanDir = process.env.OPSDESK_SECRET_SCAN_DIR;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const info = statSync(path);
    return info.isDirectory() ? files(path) : info.isFile() ? [path] : [];
  });
}

function secrets(): string[] {
  const values = files(scanDir!)
    .filter((file) => /\/ledger-\d+\.txt$/.test(file))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean))
    .map((line) => Buffer.from(line, 'base64').toString('utf8'));
  return [...new Set(values)].filter((value) => value.length >= 6);
}

/** Each secret as UTF-8 and UTF-16LE bytes, and each line of a multi-line secret on its own. */
function needles(secret: string): Buffer[] {
  const parts = [secret, ...secret.split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith('-----'))];
  return parts.flatMap((part) => [Buffer.from(part, 'utf8'), Buffer.from(part, 'utf16le')]);
}

function findLeaks(corpus: string[], values: string[]): string[] {
  const leaks: string[] = [];
  for (const file of corpus) {
    const bytes = readFileSync(file);
    for (const value of values) {
      if (needles(value).some((needle) => bytes.includes(needle))) leaks.push(`${file} holds a secret starting ${JSON.stringify(value.slice(0, 4))}…`);
    }
  }
  return leaks;
}

test('no secret used by the suite reached the cache, logs, config, exports or renderer payloads', { skip: !scanDir && 'run through npm test' }, () => {
  const values = secrets();
  assert.ok(values.length >= 5, `the suite registered ${values.length} secrets; expected the credential tests to register theirs`);
  const kept = files(join(scanDir!, 'kept')).filter((file) => scannedOutput.test(file));
  const payloads = files(join(scanDir!, 'payloads'));
  assert.ok(kept.some((file) => file.endsWith('.sqlite')), 'cache files were kept for the scan');
  assert.ok(kept.some((file) => file.endsWith('.log')), 'log files were kept for the scan');
  assert.ok(payloads.length > 0, 'renderer payloads were traced');
  assert.deepEqual(findLeaks([...kept, ...payloads], values), []);
  console.log(`secret scan: ${values.length} secrets, ${kept.length} output files, ${payloads.length} payload traces`);
});

test('the scanner finds a planted secret (it would catch a leak)', () => {
  const planted = join(process.env.TMPDIR ?? '/tmp', `opsdesk-planted-${process.pid}.log`);
  const value = 'planted-secret-value-91f2';
  writeFileSync(planted, `line\n${Buffer.from(`x ${value} y`, 'utf16le').toString('latin1')}\n`, 'latin1');
  try {
    assert.equal(findLeaks([planted], [value]).length, 1);
    assert.equal(findLeaks([planted], ['another-value-7788']).length, 0);
  } finally {
    rmSync(planted);
  }
});
