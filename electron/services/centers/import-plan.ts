import type { CenterConfig, SignInProfileConfig } from '../../../shared/config/centers-config.ts';

/** What an import would add; the caller stores secrets in the keychain, files in the data dir, centers in the config. */
export interface ImportPlan {
  centers: CenterConfig[];
  signIn: Record<string, SignInProfileConfig>;
  /** Go to the keychain only; never into the config, the cache or a log. */
  secrets: Array<{ key: string; value: string }>;
  /** Non-secret files (CA bundles, client certificates), relative to the data directory. */
  files: Array<{ path: string; content: string }>;
  /** Entries not imported, each naming its source and why. */
  skipped: Array<{ source: string; reason: string }>;
}

export function emptyPlan(): ImportPlan {
  return { centers: [], signIn: {}, secrets: [], files: [], skipped: [] };
}

/** A center id from a free-form name: lowercase, dashes, at most 63 characters. */
export function slug(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
  return /^[a-z0-9]/.test(cleaned) ? cleaned : `c-${cleaned}`.slice(0, 63);
}
