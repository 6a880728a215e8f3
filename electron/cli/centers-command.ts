import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CenterConfig } from '../../shared/config/centers-config.ts';
import { ConfigError, removeCenterFromConfig, upsertCenterInConfig, upsertSignInProfileInConfig } from '../services/centers/config-file.ts';
import { importGrafanaDatasources } from '../services/centers/import-grafana.ts';
import { importKubeconfig } from '../services/centers/import-kubeconfig.ts';
import type { ImportPlan } from '../services/centers/import-plan.ts';
import { createVault } from '../services/vault/index.ts';
import { printRows, startCliCore, type CliContext } from './context.ts';
import { readSecret } from './read-secret.ts';

export const centersUsage = `opsdesk centers <list|add|test|remove|import|set-secret>
  list                                   centers in the config file (or the demo centers)
  add --id ID --name NAME --kind on-prem|cloud [--region R] [--metrics URL] [--kubernetes URL] [--alerts URL]
  test ID                                check every endpoint of a center (through its SSH route)
  remove ID                              remove a center from the config file
  import kubeconfig FILE                 contexts become centers (tokens and keys go to the keychain)
  import grafana FILE --id ID --name NAME [--kind on-prem|cloud]
                                         Grafana data-source provisioning becomes one center's endpoints
  set-secret NAME                        store a secret (read from stdin) in the keychain under NAME`;

async function applyPlan(context: CliContext, plan: ImportPlan): Promise<number> {
  const vault = await createVault();
  if (plan.secrets.length > 0 && vault.status().backend === 'memory') {
    console.error(`opsdesk: no keychain here (${vault.status().reason}); ${plan.secrets.length} secret(s) were NOT stored. Store them on a desk with a keychain: opsdesk centers set-secret NAME`);
  } else {
    for (const secret of plan.secrets) await vault.set(secret.key, secret.value);
  }
  for (const file of plan.files) {
    const path = join(context.dataDir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: 0o644 });
  }
  for (const [profileId, profile] of Object.entries(plan.signIn)) upsertSignInProfileInConfig(context.configFile, profileId, profile);
  for (const center of plan.centers) upsertCenterInConfig(context.configFile, center);
  if (context.json) console.log(JSON.stringify({ centers: plan.centers.map((center) => center.id), signIn: Object.keys(plan.signIn), secrets: plan.secrets.map((secret) => secret.key), files: plan.files.map((file) => file.path), skipped: plan.skipped }, null, 2));
  else {
    for (const center of plan.centers) console.log(`imported ${center.id} (${Object.keys(center.endpoints).join(', ')})`);
    for (const secret of plan.secrets) console.log(`keychain: ${secret.key}`);
    for (const skipped of plan.skipped) console.log(`skipped ${skipped.source}: ${skipped.reason}`);
    console.log(`config: ${context.configFile}`);
  }
  return 0;
}

export async function centersCommand(argv: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', default: 'on-prem' },
      region: { type: 'string', default: '' },
      metrics: { type: 'string' },
      kubernetes: { type: 'string' },
      alerts: { type: 'string' },
    },
  });
  const [verb, ...rest] = positionals;
  try {
    switch (verb) {
      case 'list': {
        const core = await startCliCore(context, { startSync: false });
        try {
          const view = core.registry.view();
          const centers = core.registry.centers();
          if (context.json) console.log(JSON.stringify({ file: view.file, demo: core.registry.isDemo(), problems: view.problems, centers }, null, 2));
          else {
            for (const problem of view.problems) console.error(`${problem.file}:${problem.line}:${problem.column}: ${problem.field}: ${problem.message}`);
            printRows([
              ['ID', 'NAME', 'KIND', 'REGION', 'ENDPOINTS'],
              ...centers.map((center) => [center.id, center.name + (center.demo ? ' (demo)' : ''), center.kind, center.region, center.endpoints.map((endpoint) => `${endpoint.signal}=${endpoint.url}`).join(' ')]),
            ]);
          }
          return view.problems.length > 0 ? 1 : 0;
        } finally {
          await core.close();
        }
      }
      case 'add': {
        if (!values.id || !values.name) throw new UsageError('centers add needs --id and --name');
        const endpoints: CenterConfig['endpoints'] = {};
        if (values.metrics) endpoints.metrics = { kind: 'prometheus', url: values.metrics };
        if (values.kubernetes) endpoints.kubernetes = { kind: 'kubernetes', url: values.kubernetes };
        if (values.alerts) endpoints.alerts = { kind: 'alertmanager', url: values.alerts };
        upsertCenterInConfig(context.configFile, { id: values.id, name: values.name, kind: values.kind as 'on-prem' | 'cloud', region: values.region ?? '', labels: {}, endpoints });
        console.log(`saved ${values.id} in ${context.configFile}`);
        return 0;
      }
      case 'remove': {
        if (!rest[0]) throw new UsageError('centers remove needs a center id');
        const removed = removeCenterFromConfig(context.configFile, rest[0]);
        console.log(removed ? `removed ${rest[0]}` : `no center ${rest[0]} in ${context.configFile}`);
        return removed ? 0 : 1;
      }
      case 'test': {
        if (!rest[0]) throw new UsageError('centers test needs a center id');
        const core = await startCliCore(context, { startSync: false });
        try {
          const result = await core.dispatcher.invoke('centers:test', { centerId: rest[0] });
          if (!result.ok) {
            console.error(`opsdesk: ${result.error.message}`);
            return 1;
          }
          const endpoints = result.value as Array<{ signal: string; url: string; via: string; ok: boolean; latencyMs: number; version?: string; message?: string }>;
          if (context.json) console.log(JSON.stringify(endpoints, null, 2));
          else printRows([['SIGNAL', 'URL', 'VIA', 'RESULT', 'LATENCY', 'DETAIL'], ...endpoints.map((item) => [item.signal, item.url, item.via, item.ok ? 'ok' : 'FAILED', `${Math.round(item.latencyMs)} ms`, item.version ?? item.message ?? ''])]);
          return endpoints.every((item) => item.ok) ? 0 : 1;
        } finally {
          await core.close();
        }
      }
      case 'import': {
        const [format, file] = rest;
        if (!file || (format !== 'kubeconfig' && format !== 'grafana')) throw new UsageError('centers import needs kubeconfig FILE or grafana FILE');
        const text = readFileSync(file, 'utf8');
        if (format === 'kubeconfig') return applyPlan(context, importKubeconfig(text, file, (path) => readFileSync(path, 'utf8')));
        if (!values.id || !values.name) throw new UsageError('centers import grafana needs --id and --name for the center');
        return applyPlan(context, importGrafanaDatasources(text, file, { id: values.id, name: values.name, kind: values.kind as 'on-prem' | 'cloud' }));
      }
      case 'set-secret': {
        if (!rest[0]) throw new UsageError('centers set-secret needs a NAME');
        const value = await readSecret(`secret for ${rest[0]}: `);
        if (!value) throw new UsageError('the secret is empty');
        const vault = await createVault();
        await vault.set(rest[0], value);
        console.log(vault.status().backend === 'keychain' ? `stored ${rest[0]} in the keychain` : `no keychain (${vault.status().reason}): ${rest[0]} was not stored`);
        return vault.status().backend === 'keychain' ? 0 : 1;
      }
      default:
        throw new UsageError(verb ? `unknown centers command "${verb}"` : 'centers needs a command');
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

export class UsageError extends Error {}
