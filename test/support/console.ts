import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { rendererOutDir } from '../../electron/build.ts';
import { startHost } from '../../electron/host/server.ts';
import { makeTempDir } from './temp-dir.ts';

export interface RunningConsole {
  /** Includes `#token=…`: open it in the browser. */
  url: string;
  origin: string;
  token: string;
  core: OpsDeskCore;
  close(): Promise<void>;
}

/** The whole console as `npm start` runs it without Electron: demo centers, sync, cache, host. */
export async function startConsole(options: { dataDir?: string; syncIntervalMs?: number } = {}): Promise<RunningConsole> {
  const temp = options.dataDir ? null : makeTempDir('console');
  const core = await startCore({
    dataDir: options.dataDir ?? temp!.path,
    version: 'test',
    syncIntervalMs: options.syncIntervalMs ?? 10_000,
    log: () => undefined,
  });
  const host = await startHost({ dispatcher: core.dispatcher, rendererDir: rendererOutDir });
  return {
    url: host.url,
    origin: host.origin,
    token: host.token,
    core,
    async close() {
      await host.close();
      await core.close();
      temp?.remove();
    },
  };
}
