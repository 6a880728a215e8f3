import type { Center, Endpoint } from '../../shared/domain/records.ts';
import { createAlertmanagerHandler } from './alertmanager-api.ts';
import { startLoopbackServer, type LoopbackServer, type RequestHandler } from './http-server.ts';
import { createKubernetesHandler } from './kubernetes-api.ts';
import { createLokiHandler } from './loki-api.ts';
import { createPrometheusHandler } from './prometheus-api.ts';
import { createJaegerHandler } from './jaeger-api.ts';
import { createTempoHandler } from './tempo-api.ts';
import { DemoTraces } from './world-traces.ts';
import { defaultDemoSeed, generateWorld } from './world.ts';
import type { DemoWorld } from './world-types.ts';

/**
 * The embedded demo centers: with no center configured, OpsDesk starts these on 127.0.0.1.
 * Each center serves the Prometheus, Kubernetes and Alertmanager v2 APIs from a seeded world,
 * so the real connectors and the sync engine run against them unchanged.
 */

export type { DemoWorld, IncidentFacts, WorldCenter } from './world-types.ts';
export { generateWorld, defaultDemoSeed } from './world.ts';

export interface DemoOptions {
  seed?: number;
  /** world anchor, epoch ms; default Date.now() at start */
  anchorMs?: number;
  now?: () => number;
}

export interface DemoCenters {
  centers: Center[];
  world: DemoWorld;
  close(): Promise<void>;
}

const endpointTimeoutMs = 15_000;

export async function startDemoCenters(options: DemoOptions = {}): Promise<DemoCenters> {
  const now = options.now ?? Date.now;
  const world = generateWorld(options.seed ?? defaultDemoSeed, options.anchorMs ?? now());
  const servers: LoopbackServer[] = [];
  const start = async (handler: RequestHandler) => {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  };
  try {
    const centers: Center[] = [];
    for (const center of world.centers) {
      const startedAt = now();
      const [metrics, kubernetes, alerts] = await Promise.all([
        start(createPrometheusHandler({ center, now })),
        start(createKubernetesHandler({ center, now })),
        start(createAlertmanagerHandler({ center, now, startedAt })),
      ]);
      const logs = await start(createLokiHandler({ world, center, now }));
      // Traces: Jaeger's query API on the on-prem center, Tempo's on the cloud one, from the same world.
      const demoTraces = new DemoTraces(world, center);
      const traces = await start(center.kind === 'on-prem' ? createJaegerHandler({ traces: demoTraces, now }) : createTempoHandler({ traces: demoTraces, now }));
      const endpoint = (signal: Endpoint['signal'], kind: Endpoint['kind'], url: string): Endpoint => ({
        id: `${center.id}-${signal}`,
        centerId: center.id,
        signal,
        kind,
        url,
        timeoutMs: endpointTimeoutMs,
      });
      centers.push({
        id: center.id,
        name: center.name,
        kind: center.kind,
        region: center.region,
        labels: center.labels,
        demo: true,
        endpoints: [
          endpoint('metrics', 'prometheus', metrics.url),
          endpoint('kubernetes', 'kubernetes', kubernetes.url),
          endpoint('alerts', 'alertmanager', alerts.url),
          endpoint('logs', 'loki', logs.url),
          endpoint('traces', center.kind === 'on-prem' ? 'jaeger' : 'tempo', traces.url),
        ],
      });
    }
    let closed: Promise<void> | null = null;
    return {
      centers,
      world,
      close: () => (closed ??= Promise.all(servers.map((server) => server.close())).then(() => undefined)),
    };
  } catch (error) {
    await Promise.allSettled(servers.map((server) => server.close()));
    throw error;
  }
}
