import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { rendererOutDir, repoRoot } from './build.ts';
import { cacheFileName, startCore } from './core.ts';
import { startHost } from './host/server.ts';
import { migrations } from './services/cache/migrations/index.ts';
import { resolveDataDir } from './services/data-dir.ts';

const usage = `usage: opsdesk <command> [options]

commands:
  sync            pull every center once into the cache and report each endpoint
  serve           serve the console on 127.0.0.1 (prints the URL with its token)
  doctor          check the data directory, cache schema and runtime
  help            this text

options:
  --data-dir DIR  cache location (default: OPSDESK_DATA_DIR or the OS convention)
  --json          machine-readable output (sync, doctor)`;

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

async function sync(dataDir: string, json: boolean): Promise<number> {
  const core = await startCore({ dataDir, version, syncIntervalMs: 24 * 3_600_000, log: () => undefined });
  try {
    await core.sync.whenIdle();
    const statuses = core.sync.statuses();
    if (json) console.log(JSON.stringify(statuses, null, 2));
    else {
      for (const status of statuses) {
        const detail = status.state === 'error' ? `${status.error?.code}: ${status.error?.message}` : `synced ${new Date(status.lastSuccessAt ?? 0).toISOString()}`;
        console.log(`${pad(status.endpointId, 28)} ${pad(status.state, 7)} ${detail}`);
      }
      const counts = core.cache.db.prepare('SELECT (SELECT count(*) FROM nodes) AS nodes, (SELECT count(*) FROM pods) AS pods, (SELECT count(*) FROM series) AS series').get() as Record<string, number>;
      console.log(`cache ${join(dataDir, cacheFileName)}: ${counts.nodes} nodes, ${counts.pods} pods, ${counts.series} series`);
    }
    return statuses.some((status) => status.state === 'error') ? 1 : 0;
  } finally {
    await core.close();
  }
}

async function serve(dataDir: string): Promise<number> {
  const core = await startCore({ dataDir, version });
  const host = await startHost({ dispatcher: core.dispatcher, rendererDir: rendererOutDir });
  console.log(`opsdesk: console at ${host.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  await core.close();
  return 0;
}

function doctor(dataDir: string, json: boolean): number {
  const cacheFile = join(dataDir, cacheFileName);
  const newest = migrations.at(-1)!.version;
  let schema: number | null = null;
  if (existsSync(cacheFile)) {
    const db = new Database(cacheFile, { readonly: true });
    schema = db.pragma('user_version', { simple: true }) as number;
    db.close();
  }
  const checks = [
    { check: 'node', ok: true, detail: process.version },
    { check: 'data directory', ok: true, detail: dataDir },
    {
      check: 'cache schema',
      ok: schema === null || schema <= newest,
      detail: schema === null ? 'no cache yet (created on first start)' : `version ${schema} (this build knows up to ${newest})`,
    },
    { check: 'renderer build', ok: existsSync(join(rendererOutDir, 'index.html')), detail: rendererOutDir },
  ];
  if (json) console.log(JSON.stringify(checks, null, 2));
  else for (const item of checks) console.log(`${item.ok ? 'ok  ' : 'FAIL'} ${pad(item.check, 16)} ${item.detail}`);
  return checks.every((item) => item.ok) ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const [command] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    console.log(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  switch (command) {
    case 'sync':
      return sync(dataDir, values.json);
    case 'serve':
      return serve(dataDir);
    case 'doctor':
      return doctor(dataDir, values.json);
    default:
      console.error(`opsdesk: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`opsdesk: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
