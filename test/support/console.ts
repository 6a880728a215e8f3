import assert from 'node:assert/strict';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import type { ChannelName } from '../../shared/contract/channels.ts';
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

/** The core alone (no host, no sync timer) with the demo centers, after one sync in which every endpoint answered. */
export async function startSyncedDemoCore(dataDir: string): Promise<OpsDeskCore> {
  const core = await startCore({ dataDir, version: 'test', startSync: false, log: () => undefined });
  try {
    await core.sync.syncAll();
    for (const status of core.sync.statuses()) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
  } catch (error) {
    await core.close();
    throw error;
  }
  return core;
}

/** A channel's value through the core's dispatcher; fails the test when the call is refused. */
export async function invokeOk<T>(core: OpsDeskCore, channel: ChannelName, input: unknown = {}): Promise<T> {
  const result = await core.dispatcher.invoke(channel, input);
  assert.ok(result.ok, `${channel}: ${JSON.stringify(result)}`);
  return result.value as T;
}
