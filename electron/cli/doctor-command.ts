import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rendererOutDir } from '../build.ts';
import { cacheFileName } from '../core.ts';
import { migrations } from '../services/cache/migrations/index.ts';
import { startCliCore, type CliContext } from './context.ts';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

function cacheCheck(dataDir: string): Check {
  const file = join(dataDir, cacheFileName);
  const newest = migrations.at(-1)!.version;
  if (!existsSync(file)) return { check: 'cache schema', ok: true, detail: 'no cache yet (created on first start)' };
  const db = new Database(file, { readonly: true });
  const schema = db.pragma('user_version', { simple: true }) as number;
  db.close();
  return { check: 'cache schema', ok: schema <= newest, detail: `version ${schema} (this build knows up to ${newest})` };
}

/** `opsdesk doctor`: keychain, config, every endpoint (through its tunnel), sign-in sessions and token expiry. */
export async function doctorCommand(context: CliContext, options: { offline: boolean }): Promise<number> {
  const checks: Check[] = [
    { check: 'node', ok: true, detail: process.version },
    { check: 'data directory', ok: true, detail: context.dataDir },
    cacheCheck(context.dataDir),
    { check: 'renderer build', ok: existsSync(join(rendererOutDir, 'index.html')), detail: rendererOutDir },
  ];
  const core = await startCliCore(context, { startSync: false });
  try {
    const vault = core.vault.status();
    checks.push({ check: 'keychain', ok: vault.backend === 'keychain', detail: vault.backend === 'keychain' ? 'OS keychain reachable' : `memory only: ${vault.reason}` });
    const view = core.registry.view();
    checks.push({
      check: 'config',
      ok: view.problems.length === 0,
      detail: view.problems.length === 0 ? `${view.file}${core.registry.isDemo() ? ' (no centers: demo)' : ''}` : view.problems.map((problem) => `${problem.line}:${problem.column} ${problem.field}: ${problem.message}`).join('; '),
    });
    if (!options.offline) {
      for (const center of core.registry.centers()) {
        const result = await core.dispatcher.invoke('centers:test', { centerId: center.id });
        const endpoints = result.ok ? (result.value as Array<{ signal: string; ok: boolean; via: string; latencyMs: number; message?: string; version?: string }>) : [];
        for (const endpoint of endpoints) {
          checks.push({ check: `${center.id} ${endpoint.signal}`, ok: endpoint.ok, detail: `${endpoint.via}, ${Math.round(endpoint.latencyMs)} ms${endpoint.ok ? (endpoint.version ? `, ${endpoint.version}` : '') : `: ${endpoint.message}`}` });
        }
      }
      await core.whenSessionsRestored();
    }
    for (const session of core.auth().sessions()) {
      const expires = session.accessTokenExpiresAt ? `, access token expires ${new Date(session.accessTokenExpiresAt).toISOString()}` : '';
      checks.push({ check: `sign-in ${session.profileId}`, ok: session.state !== 'needs-sign-in', detail: `${session.state}${expires}${session.reason ? ` (${session.reason})` : ''}` });
    }
  } finally {
    await core.close();
  }
  if (context.json) console.log(JSON.stringify(checks, null, 2));
  else for (const item of checks) console.log(`${item.ok ? 'ok  ' : 'FAIL'} ${item.check.padEnd(24)} ${item.detail}`);
  return checks.every((item) => item.ok || item.check === 'keychain') ? 0 : 1;
}
