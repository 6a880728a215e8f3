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
  /** Stops the demo centers' servers: every center becomes unreachable while the console and its cache keep running. */
  stopDemoCenters(): Promise<void>;
  close(): Promise<void>;
}

/** The whole console as `npm start` runs it without Electron: demo centers, sync, cache, host. */
export async function startConsole(options: { dataDir?: string; syncIntervalMs?: number; /** false: no pulls at all (a desk reviewing imported data). */ startSync?: boolean } = {}): Promise<RunningConsole> {
  const temp = options.dataDir ? null : makeTempDir('console');
  const core = await startCore({
    dataDir: options.dataDir ?? temp!.path,
    version: 'test',
    syncIntervalMs: options.syncIntervalMs ?? 10_000,
    ...(options.startSync === false ? { startSync: false } : {}),
    log: () => undefined,
  });
  const host = await startHost({ dispatcher: core.dispatcher, rendererDir: rendererOutDir });
  return {
    url: host.url,
    origin: host.origin,
    token: host.token,
    core,
    async stopDemoCenters() {
      // The registry keeps its demo handle private; closing only its servers keeps the centers listed, as a real outage would.
      const demo = (core.registry as unknown as { demo: { close(): Promise<void> } | null }).demo;
      if (!demo) throw new Error('this console runs no demo centers');
      await demo.close();
    },
    async close() {
      await host.close();
      await core.close();
      temp?.remove();
    },
  };
}
