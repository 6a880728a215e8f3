/**
 * Spawning and killing the tunnel tests' real processes (sshd, Prometheus, node_exporter), with a
 * process-exit hook that kills whatever a crashed run left behind and runs registered cleanups
 * (network namespaces, temp dirs). sshd forks a session process per connection (which calls
 * setsid), so killing means walking /proc for the whole tree, not a process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface TrackedProcess {
  child: ChildProcess;
  pid: number;
  /** Every stdout/stderr line so far (capped at the last 5,000). */
  lines: string[];
  exitCode(): number | string | null;
  exited: Promise<void>;
  /** Resolves with the first line matching `pattern`, rejects if the process exits first or after timeoutMs. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
}

const live = new Set<number>();
const exitCleanups = new Set<() => void>();
let hookInstalled = false;

function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  // Ctrl-C or a runner's SIGTERM would skip 'exit' hooks; turn them into an exit unless someone else handles them.
  for (const [name, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    if (process.listenerCount(name) === 0) process.once(name, () => process.exit(code));
  }
  process.once('exit', () => {
    for (const pid of live) killTree(pid, 'SIGKILL');
    for (const cleanup of exitCleanups) {
      try {
        cleanup();
      } catch {
        // best effort at exit
      }
    }
  });
}

/** Runs `cleanup` (synchronously) at process exit unless the returned function is called first. */
export function onProcessExit(cleanup: () => void): () => void {
  installExitHook();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

export function spawnTracked(command: string, args: readonly string[], options: { cwd?: string } = {}): TrackedProcess {
  installExitHook();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const waiter of waiters) if (waiter.pattern.test(line)) waiter.resolve(line);
    }
    if (lines.length > 5_000) lines.splice(0, lines.length - 5_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let code: number | string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (exitCode, signal) => {
      code = exitCode ?? signal;
      if (child.pid) live.delete(child.pid);
      resolve();
    });
    child.once('error', (error) => {
      lines.push(String(error));
      code = 'spawn-error';
      if (child.pid) live.delete(child.pid);
      resolve();
    });
  });
  if (child.pid) live.add(child.pid);
  return {
    child,
    pid: child.pid ?? -1,
    lines,
    exitCode: () => code,
    exited,
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (line: string) => {
            finish();
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${command}: no line matching ${pattern} within ${timeoutMs} ms; last output:\n${lines.slice(-20).join('\n')}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
        void exited.then(() => {
          if (!waiters.has(waiter)) return;
          finish();
          reject(new Error(`${command} exited (${String(code)}) before printing ${pattern}; last output:\n${lines.slice(-20).join('\n')}`));
        });
      });
    },
  };
}

/** pid -> parent pid for every process visible in /proc. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), Number(fields[1]));
    } catch {
      // the process exited meanwhile
    }
  }
  return table;
}

/** Every descendant of `pid` (children, grandchildren, ...), not `pid` itself. */
export function descendants(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Sends `name` to `pid` and all its descendants (collected first, so re-parenting cannot hide any). */
export function killTree(pid: number, name: NodeJS.Signals = 'SIGKILL'): void {
  const tree = descendants(pid);
  signal(pid, name);
  for (const child of tree) signal(child, name);
}

/** Kills the tree with SIGKILL and waits for the tracked process to exit. */
export async function stopTracked(process_: TrackedProcess): Promise<void> {
  if (process_.exitCode() === null) killTree(process_.pid, 'SIGKILL');
  await process_.exited;
}
