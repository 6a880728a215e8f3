import type { CenterConfig, CentersConfig } from '../../../shared/config/centers-config.ts';
import type { Center } from '../../../shared/domain/records.ts';
import { startDemoCenters, type DemoCenters, type DemoOptions } from '../../demo/index.ts';
import { ConfigError, loadCentersConfig, removeCenterFromConfig, upsertCenterInConfig, type ConfigIssue } from './config-file.ts';

export interface RegistryView {
  file: string;
  centers: CenterConfig[];
  problems: ConfigIssue[];
}

/**
 * The centers OpsDesk pulls from: those of the config file, or the embedded demo centers while the
 * file has none. A file that does not load keeps its problems on show and pulls nothing, so a typo
 * never silently swaps real centers for the demo; the cache stays readable either way.
 */
export class CenterRegistry {
  private config: CentersConfig = { version: 1, cache: { retentionDays: 30, maxBytes: 2_000_000_000 }, signIn: {}, centers: [], roles: [], roleGroups: {} };
  private configured: Center[] = [];
  private problems: ConfigIssue[] = [];
  private demo: DemoCenters | null = null;
  private readonly listeners = new Set<(centers: readonly Center[], removed: readonly string[]) => void>();

  constructor(
    readonly file: string,
    private readonly demoOptions: DemoOptions | false = {},
  ) {}

  async start(): Promise<void> {
    this.load();
    await this.syncDemo();
  }

  centers(): readonly Center[] {
    return this.demo ? this.demo.centers : this.configured;
  }

  isDemo(): boolean {
    return this.demo !== null;
  }

  cachePolicy(): CentersConfig['cache'] {
    return this.config.cache;
  }

  signInProfiles(): CentersConfig['signIn'] {
    return this.config.signIn;
  }

  /** Custom roles and the SSO groups of built-in roles, as the file last loaded says. */
  roleConfig(): Pick<CentersConfig, 'roles' | 'roleGroups'> {
    return { roles: this.config.roles, roleGroups: this.config.roleGroups };
  }

  view(): RegistryView {
    return { file: this.file, centers: this.config.centers, problems: this.problems };
  }

  onDidChange(listener: (centers: readonly Center[], removed: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validated before anything is written; throws ConfigError naming the field. */
  async save(center: CenterConfig): Promise<void> {
    upsertCenterInConfig(this.file, center);
    await this.reload();
  }

  async remove(centerId: string): Promise<boolean> {
    const removed = removeCenterFromConfig(this.file, centerId);
    if (removed) await this.reload();
    return removed;
  }

  async close(): Promise<void> {
    await this.demo?.close();
    this.demo = null;
  }

  private load(): void {
    try {
      const loaded = loadCentersConfig(this.file);
      this.config = loaded.config;
      this.configured = loaded.centers;
      this.problems = [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems = [...error.issues];
      this.configured = [];
    }
  }

  /** Re-read the file (after a fix in an editor, or after save/remove) and tell listeners what changed. */
  async reload(): Promise<void> {
    const before = this.centers().map((center) => center.id);
    this.load();
    await this.syncDemo();
    const now = new Set(this.centers().map((center) => center.id));
    const removed = before.filter((id) => !now.has(id));
    for (const listener of this.listeners) listener(this.centers(), removed);
  }

  private async syncDemo(): Promise<void> {
    const wantDemo = this.demoOptions !== false && this.problems.length === 0 && this.configured.length === 0;
    if (wantDemo && !this.demo) this.demo = await startDemoCenters(this.demoOptions || {});
    if (!wantDemo && this.demo) {
      await this.demo.close();
      this.demo = null;
    }
  }
}
