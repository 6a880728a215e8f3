import { hashUnit, Random } from './random.ts';
import type { DemoWorld } from './world-types.ts';

/**
 * The traces of the scripted incident, shared by the demo's logs and traces: before every OOM
 * kill of a leaking shop/checkout pod, the checkout service fails a burst of payment
 * authorizations. Each failure is one trace; its log line (demo Loki) carries the trace id, and the
 * demo Jaeger/Tempo can serve the same trace from this list. Pure: a function of the world only.
 */

export const incidentErrorMessage = 'payment authorization failed';
/** Failed requests logged in the seconds before each OOM kill. */
export const failuresPerKill = 5;

export interface IncidentTrace {
  /** 32 lowercase hex characters, never all zeros. */
  traceId: string;
  centerId: string;
  namespace: string;
  pod: string;
  container: string;
  /** The service the root span belongs to. */
  service: string;
  /** When the failure was logged (epoch ms); the request started `durationMs` earlier. */
  atMs: number;
  durationMs: number;
  /** Which run (instance) of the container failed: 0 is the first start. */
  runIndex: number;
  /** The OOM kill that followed (epoch ms). */
  killedAt: number;
  message: string;
  orderId: string;
}

export function incidentTraces(world: DemoWorld): IncidentTrace[] {
  const facts = world.incident;
  const center = world.centers.find((candidate) => candidate.id === facts.centerId);
  if (!center) return [];
  const traces: IncidentTrace[] = [];
  for (const podName of facts.leakingPods) {
    const pod = center.pods.find((candidate) => candidate.namespace === facts.namespace && candidate.name === podName);
    const container = pod?.containers.find((candidate) => candidate.template.name === facts.leakingContainer);
    if (!pod || !container) continue;
    container.runs.forEach((run, runIndex) => {
      if (run.exitReason !== 'OOMKilled' || run.finishedAt === null) return;
      const killedAt = run.finishedAt;
      const random = Random.derive(world.seed, `${center.id}/${pod.namespace}/${pod.name}/${facts.leakingContainer}/run-${runIndex}/failures`);
      for (let index = 0; index < failuresPerKill; index++) {
        // Spread over the 20 s before the kill, never before the run started.
        const atMs = Math.max(run.startedAt + 1_000 + index, killedAt - 20_000 + index * 3_500 + Math.floor(hashUnit(container.seriesSeed, runIndex * 16 + index) * 1_000));
        let traceId = random.hex(32);
        if (/^0+$/.test(traceId)) traceId = `${traceId.slice(0, 31)}1`;
        traces.push({
          traceId,
          centerId: center.id,
          namespace: pod.namespace,
          pod: pod.name,
          container: facts.leakingContainer,
          service: facts.deployment,
          atMs,
          durationMs: random.int(2_000, 2_400),
          runIndex,
          killedAt,
          message: incidentErrorMessage,
          orderId: `ord_${random.hex(12)}`,
        });
      }
    });
  }
  return traces.sort((a, b) => a.atMs - b.atMs || (a.traceId < b.traceId ? -1 : 1));
}

/** The incident's trace ids, oldest failure first. */
export function incidentTraceIds(world: DemoWorld): string[] {
  return incidentTraces(world).map((trace) => trace.traceId);
}
