import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/**
 * Where OpsDesk keeps its cache: `OPSDESK_DATA_DIR` when set, otherwise the OS convention
 * (the same folder Electron's app.getPath('userData') picks for an app named OpsDesk).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPSDESK_DATA_DIR) return env.OPSDESK_DATA_DIR;
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'OpsDesk');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'OpsDesk');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'OpsDesk');
  }
}
