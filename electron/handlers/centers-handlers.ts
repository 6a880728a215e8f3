import type { EndpointTestResult } from '../../shared/contract/channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import { ConfigError } from '../services/centers/config-file.ts';
import type { CoreServices } from './services.ts';

type CentersChannels = 'app:info' | 'centers:list' | 'centers:config' | 'centers:save' | 'centers:reload' | 'centers:remove' | 'centers:test' | 'sync:status' | 'sync:refresh';

export function centersHandlers(services: CoreServices): Pick<ChannelHandlers, CentersChannels> {
  const { cache, registry, sync } = services;
  return {
    'app:info': () => ({ version: services.version, dataDir: services.dataDir, demo: registry.isDemo(), startedAt: services.startedAt }),
    'centers:list': () => {
      const active = new Set(registry.centers().map((center) => center.id));
      return cache.listCenters().filter((center) => active.has(center.id));
    },
    'centers:config': () => registry.view(),
    'centers:save': async ({ center }) => {
      try {
        await registry.save(center);
      } catch (error) {
        if (error instanceof ConfigError) throw new ApiFailure('config-error', error.message);
        throw error;
      }
      return { saved: true as const };
    },
    'centers:reload': async () => {
      await registry.reload();
      return { problems: registry.view().problems.length };
    },
    'centers:remove': async ({ centerId }) => ({ removed: await registry.remove(centerId) }),
    'centers:test': async ({ centerId }) => {
      const center = registry.centers().find((candidate) => candidate.id === centerId);
      if (!center) throw new ApiFailure('not-found', `no center "${centerId}"`);
      return Promise.all(
        center.endpoints.map(async (endpoint): Promise<EndpointTestResult> => {
          const base = { endpointId: endpoint.id, signal: endpoint.signal, url: endpoint.url, via: services.tunnels.describe(endpoint.ssh) };
          const started = services.now();
          try {
            const health = await (await services.connectorFor(endpoint)).health();
            return { ...base, ok: health.ok, latencyMs: health.latencyMs, ...(health.version ? { version: health.version } : {}), ...(health.message ? { message: health.message } : {}) };
          } catch (error) {
            return { ...base, ok: false, latencyMs: services.now() - started, message: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
    },
    'sync:status': () => sync.statuses(),
    'sync:refresh': ({ centerIds }) => ({ started: sync.refresh(centerIds) }),
  };
}
