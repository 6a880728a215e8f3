import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rendererOutDir } from './build.ts';
import { centersCommand, centersUsage, UsageError } from './cli/centers-command.ts';
import { cliContext, startCliCore, type CliContext } from './cli/context.ts';
import { doctorCommand } from './cli/doctor-command.ts';
import { incidentsCommand, incidentsUsage } from './cli/incidents-command.ts';
import { exportUsage, runExportCommand } from './cli/export-command.ts';
import { loginCommand } from './cli/login-command.ts';
import { cacheFileName } from './core.ts';
import { startHost } from './host/server.ts';
import { resolveDataDir } from './services/data-dir.ts';

const usage = `usage: opsdesk <command> [options]

commands:
  sync                     pull every center once into the cache and report each endpoint
  serve                    serve the console on 127.0.0.1 (prints the URL with its token)
  centers …                list, add, test, remove, import centers; store secrets (opsdesk centers help)
  login PROFILE [--device] sign in with an SSO profile (browser + PKCE, or a device code)
  doctor [--offline]       keychain, config, every endpoint and tunnel, sign-in sessions
  incidents list           incidents in the cache, newest first (opsdesk incidents help)
  help                     this text

options:
  --data-dir DIR  cache location (default: OPSDESK_DATA_DIR or the OS convention)
  --json          machine-readable output
config: <data dir>/centers.yaml, or OPSDESK_CONFIG

${centersUsage}

${incidentsUsage}

${exportUsage}`;

async function sync(context: CliContext): Promise<number> {
  const core = await startCliCore(context, { syncIntervalMs: 24 * 3_600_000 });
  try {
    await core.sync.whenIdle();
    const statuses = core.sync.statuses();
    if (context.json) console.log(JSON.stringify(statuses, null, 2));
    else {
      for (const status of statuses) {
        const detail = status.state === 'error' ? `${status.error?.code}: ${status.error?.message}` : `synced ${new Date(status.lastSuccessAt ?? 0).toISOString()}`;
        console.log(`${status.endpointId.padEnd(28)} ${status.state.padEnd(7)} ${detail}`);
      }
      const counts = core.cache.db.prepare('SELECT (SELECT count(*) FROM nodes) AS nodes, (SELECT count(*) FROM pods) AS pods, (SELECT count(*) FROM series) AS series').get() as Record<string, number>;
      console.log(`cache ${join(context.dataDir, cacheFileName)}: ${counts.nodes} nodes, ${counts.pods} pods, ${counts.series} series`);
    }
    return statuses.some((status) => status.state === 'error') ? 1 : 0;
  } finally {
    await core.close();
  }
}

async function serve(context: CliContext): Promise<number> {
  const core = await startCliCore(context);
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, offline: { type: 'boolean' } },
  });
  const context = cliContext(typeof values['data-dir'] === 'string' ? values['data-dir'] : resolveDataDir(), values.json === true);
  const passOn = rest.filter((arg, index) => !['--json', '--offline'].includes(arg) && arg !== '--data-dir' && rest[index - 1] !== '--data-dir');
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    case 'sync':
      return sync(context);
    case 'serve':
      return serve(context);
    case 'centers':
      return centersCommand(passOn, context);
    case 'incidents':
      return incidentsCommand(passOn, context);
    case 'login':
      return loginCommand(passOn, context);
    case 'export':
    case 'verify':
    case 'import':
    case 'trust':
      return runExportCommand(command, passOn, context);
    case 'doctor':
      return doctorCommand(context, { offline: values.offline === true || positionals.includes('--offline') });
    default:
      console.error(`opsdesk: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`opsdesk: ${error.message}\n\n${centersUsage}`);
    process.exitCode = 2;
  } else {
    console.error(`opsdesk: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
