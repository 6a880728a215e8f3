import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ChromiumMissingError, chromiumHtmlToPdf, findChromium } from '../../electron/services/export/chromium-pdf.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('chromium-pdf');
after(() => dir.remove());

function script(name: string, body: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('OPSDESK_CHROMIUM is the only choice when set; a missing one is reported with where it looked', async () => {
  assert.deepEqual(findChromium({ OPSDESK_CHROMIUM: '/nonexistent/chrome', PATH: '/usr/bin' }), { path: null, looked: ['/nonexistent/chrome'] });
  const fake = script('chromium', 'exit 0');
  assert.equal(findChromium({ OPSDESK_CHROMIUM: fake }).path, fake);
  await assert.rejects(chromiumHtmlToPdf({ env: { OPSDESK_CHROMIUM: '/nonexistent/chrome' } })('<p>x</p>'), (error: unknown) => error instanceof ChromiumMissingError && /looked at \/nonexistent\/chrome/.test(error.message));
});

test('a browser that fails or writes no PDF is reported, with its last words', async () => {
  const silent = script('silent-chrome', 'exit 0');
  await assert.rejects(chromiumHtmlToPdf({ env: { OPSDESK_CHROMIUM: silent } })('<p>x</p>'), /--print-to-pdf ended without writing a PDF/);
  const failing = script('failing-chrome', 'echo "[0101/000000:ERROR] cannot open display" >&2; exit 3');
  await assert.rejects(chromiumHtmlToPdf({ env: { OPSDESK_CHROMIUM: failing } })('<p>x</p>'), /--print-to-pdf failed \(exit 3\): .*cannot open display/);
  const fakePdf = script('pdf-chrome', 'for arg in "$@"; do case "$arg" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${arg#--print-to-pdf=}";; esac; done');
  const pdf = await chromiumHtmlToPdf({ env: { OPSDESK_CHROMIUM: fakePdf } })('<p>x</p>');
  assert.equal(Buffer.from(pdf).toString('latin1'), '%PDF-1.4 fake');
});
