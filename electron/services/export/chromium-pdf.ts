import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Renders HTML to PDF bytes (Electron's printToPDF in the shell, headless Chromium elsewhere). */
export type HtmlToPdf = (html: string) => Promise<Uint8Array>;

export class ChromiumMissingError extends Error {}

const candidateNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const fixedCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** OPSDESK_CHROMIUM first, then the usual install paths, then every PATH directory. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string | null; looked: string[] } {
  const looked: string[] = [];
  const override = env.OPSDESK_CHROMIUM;
  if (override) {
    looked.push(override);
    // An explicit choice that does not work is an error, not a reason to pick another browser.
    return { path: executable(override) ? override : null, looked };
  }
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => candidateNames.map((name) => join(dir, name)));
  for (const candidate of [...fixedCandidates, ...fromPath]) {
    looked.push(candidate);
    if (executable(candidate)) return { path: candidate, looked };
  }
  return { path: null, looked };
}

/** Headless Chromium's own print (`--print-to-pdf`) on the HTML export, offline: the page cannot load anything. */
export function chromiumHtmlToPdf(options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): HtmlToPdf {
  return async (html) => {
    const found = findChromium(options.env);
    if (!found.path) {
      throw new ChromiumMissingError(
        `PDF export needs Chromium or Chrome, and none was found (looked at ${found.looked.slice(0, 8).join(', ')}${found.looked.length > 8 ? ', …' : ''}). Install chromium, or set OPSDESK_CHROMIUM to its executable.`,
      );
    }
    const work = mkdtempSync(join(tmpdir(), 'opsdesk-pdf-'));
    try {
      const htmlFile = join(work, 'export.html');
      const pdfFile = join(work, 'export.pdf');
      writeFileSync(htmlFile, html);
      const args = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(work, 'profile')}`,
        `--print-to-pdf=${pdfFile}`,
        pathToFileURL(htmlFile).toString(),
      ];
      await run(found.path, args, options.timeoutMs ?? 60_000);
      const pdf = existsSync(pdfFile) ? readFileSync(pdfFile) : Buffer.alloc(0);
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${found.path} --print-to-pdf ended without writing a PDF`);
      return pdf;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} --print-to-pdf failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
