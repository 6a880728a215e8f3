/** Reading and appending the known_hosts file on disk; appends to one file never interleave. */
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseKnownHosts, type ParsedKnownHosts } from './known-hosts.ts';

/** Parsed file; a missing file is empty (nothing known yet). Read fresh every time so edits apply at once. */
export async function readKnownHostsFile(path: string): Promise<ParsedKnownHosts> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], notes: [] };
    throw new Error(`cannot read known hosts file ${path}: ${(error as Error).message}`);
  }
}

const queues = new Map<string, Promise<void>>();

/** Appends one line, creating the file (mode 0600) and its folder if needed, adding a newline first if the file lacks one. */
export function appendKnownHostsLine(path: string, line: string): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(async () => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    let prefix = '';
    try {
      const info = await stat(path);
      if (info.size > 0) {
        const text = await readFile(path);
        if (text[text.byteLength - 1] !== 0x0a) prefix = '\n';
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await appendFile(path, `${prefix}${line}\n`, { mode: 0o600 });
  });
  const settled = next.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next.catch((error: unknown) => {
    throw new Error(`cannot record the host key in ${path}: ${(error as Error).message}`);
  });
}
