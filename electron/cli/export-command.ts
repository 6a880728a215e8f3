import { copyFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportFormatSchema, type ExportResult, type PackVerdict } from '../../shared/contract/exports-channels.ts';
import { startCliCore, type CliContext } from './context.ts';

export const exportUsage = `exports:
  export ID --format md|html|json|pdf|pack [--out FILE] [--tz ZONE]
                           write an incident's export (default under <data dir>/exports/); pdf needs Chromium
                           (OPSDESK_CHROMIUM names it when it is not on the usual paths)
  verify PACK              check a pack's signature and every part's hash; shows who signed it and when
                           exit 0: verified, signer trusted; 3: verified, signer unknown; 1: refused
  import PACK              verify, then add the pack's incident read-only (with its data) to this data directory
  trust PACK [--name N]    trust the key that signed PACK (its packs then import as trusted)`;

export class ExportUsageError extends Error {}

const iso = (ms: number | null) => (ms === null ? 'unknown' : new Date(ms).toISOString());

function printVerdict(verdict: PackVerdict): void {
  if (verdict.incident) console.log(`incident  ${verdict.incident.id}  ${verdict.incident.title}`);
  console.log(`signed by ${verdict.signer ?? 'unknown'} at ${iso(verdict.signedAt)} with key ${verdict.keyId ?? 'unknown'} (${verdict.trusted ? 'trusted' : 'UNTRUSTED: this key is not in trusted-pack-keys.json'})`);
  for (const part of verdict.parts) console.log(`part      ${part.name.padEnd(14)} ${String(part.size).padStart(10)} bytes  sha256 ${part.sha256}  ${part.ok ? 'ok' : 'DIFFERS'}`);
  console.log(`pack      sha256 ${verdict.packSha256}`);
  if (!verdict.ok) console.log(`REFUSED   ${verdict.part ? `${verdict.part}: ` : ''}${verdict.reason}`);
}

async function invoke<T>(context: CliContext, channel: 'incidents:export' | 'packs:verify' | 'packs:import', input: unknown): Promise<{ ok: true; value: T } | { ok: false; message: string; detail?: string }> {
  // Exports read the cache only: no pulls and no demo centers are started.
  const core = await startCliCore(context, { startSync: false, demo: false });
  try {
    const result = await core.dispatcher.invoke(channel, input);
    return result.ok ? { ok: true, value: result.value as T } : { ok: false, message: result.error.message, ...(result.error.detail ? { detail: result.error.detail } : {}) };
  } finally {
    await core.close();
  }
}

/** `opsdesk export|verify|import|trust …` */
export async function exportCommand(command: 'export' | 'verify' | 'import' | 'trust', args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string' }, out: { type: 'string' }, tz: { type: 'string' }, name: { type: 'string' } } });
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) throw new ExportUsageError(`${command} takes exactly one ${command === 'export' ? 'incident id' : 'pack file'}`);
  if (command === 'export') {
    const format = exportFormatSchema.safeParse(values.format);
    if (!format.success) throw new ExportUsageError(`--format must be one of md, html, json, pdf, pack${values.format ? ` (not "${values.format}")` : ''}`);
    const result = await invoke<ExportResult>(context, 'incidents:export', { incidentId: target, format: format.data, ...(values.tz ? { timeZone: values.tz } : {}) });
    if (!result.ok) {
      console.error(`opsdesk: export ${target}: ${result.message}`);
      return 1;
    }
    let written = result.value;
    if (values.out) {
      const out = resolve(values.out);
      copyFileSync(written.path, out);
      rmSync(written.path);
      written = { ...written, path: out };
    }
    if (context.json) console.log(JSON.stringify(written, null, 2));
    else console.log(`${written.path}  ${written.bytes} bytes  sha256 ${written.sha256}`);
    return 0;
  }
  const path = resolve(target);
  if (command === 'verify' || command === 'trust') {
    const result = await invoke<PackVerdict>(context, 'packs:verify', { path });
    if (!result.ok) {
      console.error(`opsdesk: ${command} ${target}: ${result.message}`);
      return 1;
    }
    let verdict = result.value;
    if (command === 'trust' && verdict.ok) {
      const core = await startCliCore(context, { startSync: false, demo: false });
      try {
        verdict = await core.exports.trustSigner(path, values.name);
      } finally {
        await core.close();
      }
    }
    if (context.json) console.log(JSON.stringify(verdict, null, 2));
    else printVerdict(verdict);
    return !verdict.ok ? 1 : verdict.trusted ? 0 : 3;
  }
  const result = await invoke<{ incidentId: string; verdict: PackVerdict; alreadyImported: boolean; timeline: { signed: number; shown: number; missing: number; extra: number } | null }>(context, 'packs:import', { path });
  if (!result.ok) {
    console.error(`opsdesk: import ${target}: ${result.message}`);
    return 1;
  }
  if (context.json) console.log(JSON.stringify(result.value, null, 2));
  else {
    printVerdict(result.value.verdict);
    const timeline = result.value.timeline;
    if (timeline) {
      const same = timeline.missing === 0 && timeline.extra === 0;
      console.log(`timeline  ${same ? `${timeline.shown} entries, as signed` : `${timeline.shown} entries here, ${timeline.signed} signed: ${timeline.missing} signed entries not rebuilt, ${timeline.extra} more from this cache`}`);
    }
    console.log(`${result.value.alreadyImported ? 'already imported as' : 'imported as'} ${result.value.incidentId} (read-only)`);
  }
  return 0;
}

/** Usage mistakes print the exports usage and exit 2; everything else is the command's own exit code. */
export async function runExportCommand(command: 'export' | 'verify' | 'import' | 'trust', args: string[], context: CliContext): Promise<number> {
  try {
    return await exportCommand(command, args, context);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof ExportUsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`opsdesk: ${(error as Error).message}\n\n${exportUsage}`);
      return 2;
    }
    throw error;
  }
}
