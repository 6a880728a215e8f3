/**
 * Runs vault child scripts in an isolated home: every directory a process could write to (HOME,
 * XDG_*, TMPDIR, the OpsDesk data dir) lives in one temp directory, so the tests can scan all of it
 * for plaintext secrets and remove it afterwards, and find any process still using it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const supportDir = dirname(fileURLToPath(import.meta.url));

/** Marks the one stdout line a child prints its observations on. */
export const resultMarker = 'VAULT-CHILD-RESULT ';

export interface VaultHome {
  root: string;
  home: string;
  dataDir: string;
  runtimeDir: string;
  /** The environment a child starts with: nothing inherited but PATH. */
  env(extra?: Record<string, string>): Record<string, string>;
  remove(): void;
}

export function makeVaultHome(prefix: string): VaultHome {
  const root = mkdtempSync(join(tmpdir(), `opsdesk-${prefix}-`));
  const home = join(root, 'home');
  const dataDir = join(root, 'data');
  const runtimeDir = join(root, 'run');
  const temp = join(root, 'tmp');
  for (const dir of [home, dataDir, temp]) mkdirSync(dir, { recursive: true });
  mkdirSync(runtimeDir, { mode: 0o700 });
  return {
    root,
    home,
    dataDir,
    runtimeDir,
    env: (extra = {}) => ({
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: home,
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_RUNTIME_DIR: runtimeDir,
      TMPDIR: temp,
      OPSDESK_DATA_DIR: dataDir,
      ...extra,
    }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function requireExecutable(path: string, debianPackage: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing; install the Debian package "${debianPackage}" (the test profile of resources/setup/ensure-deps.mjs brings it)`);
  }
}

export interface ChildRun<T> {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  result: T | null;
}

/** Spawns in its own process group and kills the whole group when it outlives `timeoutMs`. */
export function runChild<T>(command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => killGroup(child.pid), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(resultMarker));
      resolve({ code, signal, stderr: stderr.slice(-4000), result: line ? (JSON.parse(line.slice(resultMarker.length)) as T) : null });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The byte patterns of a secret's plaintext: the whole value and every 64-character slice, as UTF-8 and UTF-16. */
export function plaintextPatterns(secret: string): Buffer[] {
  const slices = new Set<string>([secret]);
  for (let start = 0; start + 64 <= secret.length; start += 64) slices.add(secret.slice(start, start + 64));
  return [...slices].flatMap((slice) => [Buffer.from(slice, 'utf8'), Buffer.from(slice, 'utf16le')]);
}

export interface PlaintextHit {
  file: string;
  secret: number;
}

/** Every regular file under `dir` holding any plaintext pattern of any of `secrets`. */
export function findPlaintext(dir: string, secrets: readonly string[]): PlaintextHit[] {
  const patterns = secrets.map(plaintextPatterns);
  return filesUnder(dir).flatMap((file) => {
    const bytes = readFileSync(file);
    return patterns.flatMap((forSecret, secret) => (forSecret.some((pattern) => bytes.includes(pattern)) ? [{ file, secret }] : []));
  });
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return [];
    if (info.isDirectory()) return filesUnder(path);
    return info.isFile() ? [path] : [];
  });
}

export interface LiveProcess {
  pid: number;
  command: string;
}

/** Live (not zombie) processes whose environment or command line mentions `dir`: what a child session left running. */
export function processesUsing(dir: string): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const state = /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, 'utf8'))?.[1];
      if (state === 'Z' || state === 'X') continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (environ.includes(dir) || command.includes(dir)) found.push({ pid: Number(entry), command });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}

/** Waits up to `timeoutMs` for the processes using `dir` to exit; returns the ones that did not. */
export async function waitForProcessesToExit(dir: string, timeoutMs: number): Promise<LiveProcess[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesUsing(dir);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = processesUsing(dir);
  }
  return left;
}

/** Kills, by pid, the processes a child session started and left behind. */
export function killProcessesUsing(dir: string): void {
  for (const { pid } of processesUsing(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
