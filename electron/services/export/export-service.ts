import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ExportFormat, ExportResult, PackVerdict } from '../../../shared/contract/exports-channels.ts';
import { ApiFailure } from '../../../shared/contract/result.ts';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { exportDocumentSchema, type ExportDocument } from '../../../shared/export/incident-export.ts';
import { assertTimeZone } from '../../../shared/export/export-time.ts';
import { toHtml } from '../../../shared/export/html-export.ts';
import { maskDocument } from '../../../shared/export/mask-document.ts';
import { knownSecretValues } from '../vault/known-secret-values.ts';
import { toMarkdown } from '../../../shared/export/markdown-export.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { buildPack } from '../packs/pack-builder.ts';
import { packFileExtension } from '../packs/pack-container.ts';
import { importVerifiedPack, PackRefusedError, type ImportOutcome } from '../packs/pack-importer.ts';
import { ownPublicKey, ownSigningKey, TrustedKeyList } from '../packs/pack-keys.ts';
import { verifyPack } from '../packs/pack-verifier.ts';
import type { VaultService } from '../vault/index.ts';
import { ChromiumMissingError, chromiumHtmlToPdf, type HtmlToPdf } from './chromium-pdf.ts';
import { collectExportDocument } from './export-collector.ts';
import type { IncidentSource } from './incident-source.ts';

export const exportsDirName = 'exports';
/** Packs are read whole into memory to be verified before anything is opened. */
const maxPackBytes = 2 * 1024 ** 3;

const extensions: Record<ExportFormat, string> = { md: '.md', html: '.html', json: '.json', pdf: '.pdf', pack: packFileExtension };

export interface ExportServiceOptions {
  dataDir: string;
  version: string;
  now: () => number;
  cache: CacheService;
  vault: VaultService;
  /** The incidents service (local and imported incidents); null until it is wired. */
  incidents: IncidentSource | null;
  /** Who signs packs: the signed-in name when there is one. Default: the OS user. */
  signerName?: () => string | null;
  /** Electron's printToPDF in the shell; headless Chromium elsewhere. */
  htmlToPdf?: HtmlToPdf;
  /** The desk's time zone for local times in exports. Default: this process's. */
  timeZone?: string;
  /** A pack's incident was added. */
  onDidImport?: (incidentId: string) => void;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** Exports (md, html, json, pdf) and signed packs of incidents; pack verification and import. */
export class ExportService {
  readonly trustedKeys: TrustedKeyList;
  private readonly htmlToPdf: HtmlToPdf;

  constructor(private readonly options: ExportServiceOptions) {
    this.trustedKeys = new TrustedKeyList(options.dataDir);
    this.htmlToPdf = options.htmlToPdf ?? chromiumHtmlToPdf();
  }

  async incident(id: string): Promise<{ incident: Incident; timeline: TimelineEntry[] }> {
    if (!this.options.incidents) throw new ApiFailure('unavailable', `incident ${id}: the incidents service is not running`);
    try {
      return await this.options.incidents.get(id);
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      throw new ApiFailure('not-found', `incident ${id} not found: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Every value the vault holds: exports mask them wherever they appear, like the log does. */
  private knownSecrets(): Promise<string[]> {
    return knownSecretValues(this.options.vault);
  }

  /** The masked, schema-checked document every human-readable export and the JSON export are made from. */
  async document(incidentId: string, timeZone?: string): Promise<ExportDocument> {
    const zone = timeZone ?? this.options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    try {
      assertTimeZone(zone);
    } catch (error) {
      throw new ApiFailure('invalid-input', (error as Error).message);
    }
    const source = await this.incident(incidentId);
    const document = collectExportDocument(this.options.cache, source, { version: this.options.version, timeZone: zone, now: this.options.now() });
    return exportDocumentSchema.parse(maskDocument(document, await this.knownSecrets()));
  }

  async render(incidentId: string, format: ExportFormat, timeZone?: string): Promise<Uint8Array> {
    if (format === 'pack') return this.pack(incidentId);
    const document = await this.document(incidentId, timeZone);
    switch (format) {
      case 'json':
        return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
      case 'md':
        return Buffer.from(toMarkdown(document), 'utf8');
      case 'html':
        return Buffer.from(toHtml(document), 'utf8');
      case 'pdf':
        try {
          return await this.htmlToPdf(toHtml(document));
        } catch (error) {
          if (error instanceof ChromiumMissingError) throw new ApiFailure('unavailable', error.message);
          throw new ApiFailure('unavailable', `PDF printing failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
  }

  async pack(incidentId: string): Promise<Buffer> {
    const { incident, timeline } = await this.incident(incidentId);
    if (incident.imported) throw new ApiFailure('forbidden', `incident ${incidentId} was imported from a pack; share that pack (re-signing someone else's pack is refused)`);
    return buildPack({
      cache: this.options.cache,
      incident,
      timeline,
      key: await ownSigningKey(this.options.vault),
      signer: this.signer(),
      now: this.options.now(),
      version: this.options.version,
      knownSecrets: await this.knownSecrets(),
    });
  }

  signer(): string {
    const name = this.options.signerName?.();
    if (name) return name;
    try {
      return userInfo().username || 'unknown';
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'unknown';
    }
  }

  /** Writes the export to `out`, or under <data dir>/exports/ when no path is given. */
  async export(incidentId: string, format: ExportFormat, options: { timeZone?: string; out?: string } = {}): Promise<ExportResult> {
    const bytes = await this.render(incidentId, format, options.timeZone);
    const path = options.out ? resolve(options.out) : this.exportPath(incidentId, format);
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.tmp-${process.pid}`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
    return { path, bytes: bytes.byteLength, sha256: sha256(bytes), format };
  }

  private exportPath(incidentId: string, format: ExportFormat): string {
    const dir = join(this.options.dataDir, exportsDirName);
    const base = `${incidentId}-${fileStamp(this.options.now())}`;
    let path = join(dir, `${base}${extensions[format]}`);
    for (let copy = 2; existsSync(path); copy++) path = join(dir, `${base}-${copy}${extensions[format]}`);
    return path;
  }

  private readPack(path: string): Buffer {
    if (!isAbsolute(path)) throw new ApiFailure('invalid-input', `give the pack's absolute path, not ${JSON.stringify(path)}`);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new ApiFailure('invalid-input', `${path} is not a file`);
      size = stat.size;
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      throw new ApiFailure('not-found', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (size > maxPackBytes) throw new ApiFailure('invalid-input', `${path} is ${size} bytes, more than a pack may be (${maxPackBytes})`);
    return readFileSync(path);
  }

  private async isTrusted(): Promise<(publicKey: string) => boolean> {
    const own = await ownPublicKey(this.options.vault);
    let listed: string[];
    try {
      listed = this.trustedKeys.read().keys.map((key) => key.publicKey);
    } catch (error) {
      throw new ApiFailure('config-error', (error as Error).message);
    }
    return (publicKey) => publicKey === own?.publicKey || listed.includes(publicKey);
  }

  async verify(path: string): Promise<PackVerdict> {
    return verifyPack(this.readPack(path), await this.isTrusted()).verdict;
  }

  async import(path: string): Promise<ImportOutcome & { timeline: { signed: number; shown: number; missing: number; extra: number } | null }> {
    const verified = verifyPack(this.readPack(path), await this.isTrusted());
    try {
      const outcome = importVerifiedPack(verified, { cache: this.options.cache, dataDir: this.options.dataDir, now: this.options.now() });
      if (!outcome.alreadyImported) this.options.onDidImport?.(outcome.incidentId);
      return { ...outcome, timeline: await this.compareTimeline(outcome.incidentId, verified.incidentPart?.timeline ?? []) };
    } catch (error) {
      if (error instanceof PackRefusedError) throw new ApiFailure('invalid-input', error.message, JSON.stringify(error.verdict));
      throw error;
    }
  }

  /** Entry ids of the timeline as this desk builds it against those the signer saw. */
  private async compareTimeline(incidentId: string, signed: readonly TimelineEntry[]): Promise<{ signed: number; shown: number; missing: number; extra: number } | null> {
    if (!this.options.incidents) return null;
    const shown = new Set((await this.options.incidents.get(incidentId)).timeline.map((entry) => entry.id));
    const signedIds = new Set(signed.map((entry) => entry.id));
    return {
      signed: signedIds.size,
      shown: shown.size,
      missing: [...signedIds].filter((id) => !shown.has(id)).length,
      extra: [...shown].filter((id) => !signedIds.has(id)).length,
    };
  }

  /** Trust the key that signed a pack (after checking the pack): its packs then import as trusted. */
  async trustSigner(path: string, name?: string): Promise<PackVerdict> {
    const verdict = await this.verify(path);
    if (!verdict.ok) throw new ApiFailure('invalid-input', `pack refused: ${verdict.reason}`, JSON.stringify(verdict));
    const manifest = JSON.parse(verifyPack(this.readPack(path), () => false).parts!['manifest.json'].toString('utf8')) as { key: { publicKey: string } };
    this.trustedKeys.add(manifest.key.publicKey, name ?? verdict.signer ?? verdict.keyId ?? 'unknown', this.options.now());
    return { ...verdict, trusted: true };
  }
}
