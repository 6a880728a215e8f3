import { incidentErrorMessage, incidentTraces } from './incident-traces.ts';
import { runAt } from './lifecycle.ts';
import { hashString, hashUnit } from './random.ts';
import type { DemoWorld, Labels, WorldCenter, WorldContainer, WorldPod } from './world-types.ts';

/**
 * The demo world's container logs, as a pure function of (world, time window): every running
 * container writes ordinary lines at its own modest pace (one every 30-90 s on average), and the
 * leaking shop/checkout pods of the scripted incident add their story: start-up lines, the
 * previous instance's OOMKilled exit, heap warnings, and a burst of "payment authorization failed"
 * errors with trace ids (incident-traces.ts) before each OOM kill.
 * Nothing is stored: a window's lines are generated when asked, identically every time.
 */

export interface LogStream {
  /** Loki stream labels. */
  labels: Labels;
  /** The labels as canonical text: orders streams and tells them apart. */
  key: string;
  pod: WorldPod;
  container: WorldContainer;
  format: 'logfmt' | 'klog' | 'access';
  /** Mean gap between ordinary lines. */
  periodMs: number;
  seed: number;
  /** Scripted lines of this stream, ascending (the incident). */
  scripted: ScriptedLine[];
}

export interface ScriptedLine {
  ms: number;
  subNs: number;
  text: string;
}

/** One line of a window; the text is rendered only for lines that are filtered or answered. */
export interface DemoLogLine {
  ms: number;
  /** Nanoseconds within the millisecond, 0..999,999. */
  subNs: number;
  stream: LogStream;
  text(): string;
}

function serviceName(pod: WorldPod, container: WorldContainer): string {
  return pod.labels['app.kubernetes.io/name'] ?? pod.labels.app ?? pod.labels['k8s-app'] ?? container.template.name;
}

function canonical(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString();
}

const accessMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function accessTime(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCDate(), 2)}/${accessMonths[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)} +0000`;
}

function klogTime(ms: number, subNs: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)} ${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad((ms % 1000) * 1000 + Math.floor(subNs / 1000), 6)}`;
}

const pathsByNamespace: Record<string, string[]> = {
  shop: ['/api/cart', '/api/checkout', '/api/products', '/api/orders', '/healthz'],
  payments: ['/v1/authorize', '/v1/capture', '/v1/refund', '/healthz'],
  search: ['/search', '/suggest', '/index/status', '/healthz'],
  data: ['/query', '/healthz'],
  monitoring: ['/api/v1/query', '/-/ready', '/metrics'],
};
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT'];
const infoMessages = ['request served', 'request served', 'request served', 'cache refreshed', 'connection pool stats', 'config reloaded'];
const klogMessages: Array<[string, string]> = [
  ['reflector.go:359', '"Watch close" reflector="k8s.io/client-go/informers/factory.go:160" type="*v1.Pod"'],
  ['leaderelection.go:281', '"successfully renewed lease"'],
  ['controller.go:142', '"Syncing" resource="endpointslices"'],
  ['plugin.go:64', '"Reloading" plugin="coredns"'],
];

function pickFrom<T>(items: readonly T[], unit: number): T {
  return items[Math.min(items.length - 1, Math.floor(unit * items.length))]!;
}

/** The k-th ordinary line of a stream, at `ms`. */
function ordinaryLine(stream: LogStream, k: number, ms: number, subNs: number): string {
  const u = (slot: number) => hashUnit(stream.seed, k * 8 + slot);
  const roll = u(2);
  if (stream.format === 'klog') {
    const [caller, message] = pickFrom(klogMessages, u(3));
    return `${roll < 0.05 ? 'W' : 'I'}${klogTime(ms, subNs)}       1 ${caller}] ${message}`;
  }
  const paths = pathsByNamespace[stream.pod.namespace] ?? ['/', '/healthz'];
  const path = pickFrom(paths, u(3));
  const method = pickFrom(methods, u(4));
  if (stream.format === 'access') {
    const status = roll < 0.03 ? 404 : roll < 0.04 ? 502 : 200;
    return `10.${Math.floor(u(5) * 250)}.${Math.floor(u(6) * 250)}.${Math.floor(u(7) * 250)} - - [${accessTime(ms)}] "${method} ${path} HTTP/1.1" ${status} ${200 + Math.floor(u(5) * 9000)} "-" "Mozilla/5.0 (X11; Linux x86_64)" ${(u(6) * 0.2).toFixed(3)}`;
  }
  const ts = isoSeconds(ms);
  const service = stream.labels.service_name;
  if (roll < 0.002 && !(stream.pod.namespace === 'shop' && service === 'checkout')) {
    return `ts=${ts} level=error caller=client.go:88 msg="upstream request timed out" service=${service} path=${path} duration_ms=${5000 + Math.floor(u(5) * 300)}`;
  }
  if (roll < 0.04) return `ts=${ts} level=warn caller=server.go:201 msg="slow request" method=${method} path=${path} duration_ms=${600 + Math.floor(u(5) * 2000)}`;
  if (roll < 0.12) return `ts=${ts} level=debug caller=server.go:97 msg="handling request" method=${method} path=${path}`;
  const message = pickFrom(infoMessages, u(6));
  if (message === 'request served') {
    return `ts=${ts} level=info caller=server.go:142 msg="request served" method=${method} path=${path} status=200 duration_ms=${2 + Math.floor(u(5) * 60)}`;
  }
  if (message === 'connection pool stats') return `ts=${ts} level=info caller=pool.go:54 msg="connection pool stats" open=${4 + Math.floor(u(5) * 12)} idle=${Math.floor(u(7) * 4)}`;
  return `ts=${ts} level=info caller=main.go:77 msg="${message}" service=${service}`;
}

/** The incident's lines for one leaking checkout container. */
function scriptedIncidentLines(world: DemoWorld, pod: WorldPod, container: WorldContainer): ScriptedLine[] {
  const facts = world.incident;
  const lines: ScriptedLine[] = [];
  const subNs = (index: number) => Math.floor(hashUnit(container.seriesSeed ^ 0x5a5a, index) * 1_000_000);
  const version = /:([^:/]+)$/.exec(container.template.image)?.[1] ?? 'unknown';
  const limit = facts.memoryLimitBytes;
  container.runs.forEach((run, runIndex) => {
    const at = (ms: number, text: string) => lines.push({ ms, subNs: subNs(lines.length), text });
    at(run.startedAt + 180, `ts=${isoSeconds(run.startedAt + 180)} level=info caller=main.go:41 msg="starting checkout" version=${version} pid=${run.pid}`);
    const previous = runIndex > 0 ? container.runs[runIndex - 1] : undefined;
    if (previous?.exitReason === 'OOMKilled') {
      at(
        run.startedAt + 190,
        `ts=${isoSeconds(run.startedAt + 190)} level=warn caller=main.go:58 msg="previous instance terminated" reason=OOMKilled exit_code=${previous.exitCode ?? 137} restart_count=${runIndex} memory_limit_bytes=${limit}`,
      );
    }
    if (run.exitReason !== 'OOMKilled' || run.finishedAt === null) return;
    for (const before of [90_000, 45_000]) {
      const ms = run.finishedAt - before;
      if (ms <= run.startedAt + 1_000) continue;
      const used = Math.round(limit * (before === 90_000 ? 0.91 : 0.96));
      at(ms, `ts=${isoSeconds(ms)} level=warn caller=memwatch.go:33 msg="heap usage high" heap_inuse_bytes=${used} limit_bytes=${limit} pod=${pod.name}`);
    }
  });
  for (const trace of incidentTraces(world)) {
    if (trace.pod !== pod.name || trace.container !== container.template.name) continue;
    lines.push({
      ms: trace.atMs,
      subNs: subNs(lines.length),
      text: `ts=${isoSeconds(trace.atMs)} level=error caller=payment_client.go:112 msg="${incidentErrorMessage}" order_id=${trace.orderId} upstream=payment-gateway.payments.svc:8443 duration_ms=${trace.durationMs} error="context deadline exceeded" traceID=${trace.traceId}`,
    });
  }
  return lines.sort((a, b) => a.ms - b.ms || a.subNs - b.subNs);
}

/** Every container of every pod that ever ran in the center, as a Loki stream. */
export function demoLogStreams(world: DemoWorld, center: WorldCenter): LogStream[] {
  const streams: LogStream[] = [];
  const incident = world.incident.centerId === center.id ? world.incident : null;
  for (const pod of center.pods) {
    for (const container of pod.containers) {
      if (container.runs.length === 0) continue;
      const labels: Labels = {
        container: container.template.name,
        namespace: pod.namespace,
        pod: pod.name,
        service_name: serviceName(pod, container),
        stream: 'stdout',
        ...(pod.nodeName ? { node_name: pod.nodeName } : {}),
      };
      const seed = hashString(`${center.id}/${pod.namespace}/${pod.name}/${container.template.name}/logs`, world.seed);
      const leaking = incident !== null && pod.namespace === incident.namespace && incident.leakingPods.includes(pod.name) && container.template.name === incident.leakingContainer;
      streams.push({
        labels,
        key: canonical(labels),
        pod,
        container,
        format: pod.namespace === 'kube-system' ? 'klog' : pod.namespace === 'ingress-nginx' ? 'access' : 'logfmt',
        periodMs: 30_000 + Math.floor(hashUnit(seed, -1) * 60_000),
        seed,
        scripted: leaking ? scriptedIncidentLines(world, pod, container) : [],
      });
    }
  }
  return streams.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The stream's lines stamped in [fromMs, toMs), ascending; only while the container runs. */
export function streamLinesBetween(stream: LogStream, fromMs: number, toMs: number): DemoLogLine[] {
  const lines: DemoLogLine[] = [];
  const { periodMs, seed } = stream;
  for (let k = Math.floor(fromMs / periodMs); k * periodMs < toMs; k++) {
    const ms = k * periodMs + Math.floor(hashUnit(seed, k * 8) * periodMs);
    if (ms < fromMs || ms >= toMs || runAt(stream.container, ms) === null) continue;
    const subNs = Math.floor(hashUnit(seed, k * 8 + 1) * 1_000_000);
    lines.push({ ms, subNs, stream, text: () => ordinaryLine(stream, k, ms, subNs) });
  }
  if (stream.scripted.length > 0) {
    for (const scripted of stream.scripted) {
      if (scripted.ms >= fromMs && scripted.ms < toMs) lines.push({ ms: scripted.ms, subNs: scripted.subNs, stream, text: () => scripted.text });
    }
    lines.sort((a, b) => a.ms - b.ms || a.subNs - b.subNs);
  }
  return lines;
}

/** Nanoseconds since the epoch as Loki writes them. */
export function lineNanos(line: { ms: number; subNs: number }): string {
  return line.ms === 0 ? String(line.subNs) : `${line.ms}${pad(line.subNs, 6)}`;
}
