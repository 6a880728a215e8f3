import type { SpanKind, SpanStatus } from '../../shared/domain/traces.ts';
import { incidentTraces, type IncidentTrace } from './incident-traces.ts';
import { podExistsAt, runAt } from './lifecycle.ts';
import { hashString, hashUnit, Random } from './random.ts';
import type { DemoWorld, WorldCenter, WorldPod } from './world-types.ts';

/**
 * Distributed traces of the demo shop, a pure function of (world, center, time): the same seed
 * gives the same traces on every machine and every request, so a search and a later fetch by id
 * agree without any stored state.
 *
 * Traffic is sampled: one trace per center every `slotMs` (a browse, a cart update or a checkout,
 * frontend → checkout → cart / catalog / payments-api → fraud-scorer / ledger), each span tied to
 * the pod that served it (k8s.pod.name, k8s.namespace.name, k8s.node.name resource attributes)
 * among the pods running at that instant. During the Seoul incident the failed orders of
 * incident-traces.ts are added with their exact trace ids, and requests finding no running checkout
 * pod fail at the frontend. Times are whole microseconds, so Jaeger's JSON (µs) and OTLP (ns) agree.
 */

export const traceSlotMs = 15_000;
/** How far back a search looks at most, whatever range it asks for. */
const maxLookbackMs = 7 * 86_400_000;

export type AttributeValue = string | number | boolean;

export interface DemoSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  operation: string;
  kind: SpanKind;
  /** Epoch microseconds. */
  startUs: number;
  durationUs: number;
  status: SpanStatus;
  statusMessage: string | null;
  scope: { name: string; version: string };
  attributes: Record<string, AttributeValue>;
  /** service.name and the pod's k8s.* attributes. */
  resource: Record<string, string>;
  events: Array<{ name: string; timeUs: number; attributes: Record<string, AttributeValue> }>;
}

export interface DemoTrace {
  traceId: string;
  startUs: number;
  durationUs: number;
  spans: DemoSpan[];
}

type Template = 'browse' | 'cart' | 'checkout';

const namespaceOf: Record<string, string> = {
  frontend: 'shop',
  cart: 'shop',
  checkout: 'shop',
  catalog: 'shop',
  recommendations: 'shop',
  'payments-api': 'payments',
  'fraud-scorer': 'payments',
  ledger: 'payments',
};

const servicesOf: Record<Template, readonly string[]> = {
  browse: ['frontend', 'catalog', 'recommendations'],
  cart: ['frontend', 'cart'],
  checkout: ['frontend', 'checkout', 'cart', 'catalog', 'payments-api', 'fraud-scorer', 'ledger'],
};

const scopes = {
  http: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: '0.53.0' },
  grpc: { name: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', version: '0.53.0' },
  sql: { name: 'github.com/XSAM/otelsql', version: '0.32.0' },
  redis: { name: 'github.com/redis/go-redis/extra/redisotel', version: '9.5.1' },
  app: { name: 'shop/internal/app', version: '' },
} as const;

/** A span to lay out: its own work before and after its children, which run one after another. */
interface Step {
  service: string;
  operation: string;
  kind: SpanKind;
  scope: { name: string; version: string };
  attributes: Record<string, AttributeValue>;
  beforeUs: number;
  afterUs: number;
  children: Step[];
  /** Fixed duration (a client that gave up waiting); children are cut to it. */
  fixedUs?: number;
  error?: { message: string; exception?: { type: string; message: string } };
}

function step(service: string, operation: string, kind: SpanKind, scope: Step['scope'], attributes: Step['attributes'], random: Random, work: [number, number], children: Step[] = []): Step {
  return { service, operation, kind, scope, attributes, beforeUs: random.int(work[0], work[1]), afterUs: random.int(work[0] / 2, work[1] / 2), children };
}

/** An HTTP call: the caller's client span around the callee's server span. */
function httpCall(random: Random, from: string, to: string, method: string, route: string, path: string, work: [number, number], children: Step[] = [], status = 200): Step {
  const port = to === 'payments-api' ? 8443 : 8080;
  const host = `${to}.${namespaceOf[to]}.svc.cluster.local`;
  const server = step(to, `${method} ${route}`, 'server', scopes.http, {
    'http.request.method': method,
    'http.route': route,
    'url.path': path,
    'url.scheme': port === 8443 ? 'https' : 'http',
    'http.response.status_code': status,
    'server.address': host,
    'server.port': port,
    'network.protocol.version': '1.1',
  }, random, work, children);
  return step(from, method, 'client', scopes.http, {
    'http.request.method': method,
    'url.full': `${port === 8443 ? 'https' : 'http'}://${host}:${port}${path}`,
    'http.response.status_code': status,
    'server.address': host,
    'server.port': port,
  }, random, [150, 450], [server]);
}

function grpcCall(random: Random, from: string, to: string, service: string, method: string, work: [number, number]): Step {
  const attributes = { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method, 'rpc.grpc.status_code': 0, 'server.address': `${to}.${namespaceOf[to]}.svc.cluster.local`, 'server.port': 9000 };
  const server = step(to, `${service}/${method}`, 'server', scopes.grpc, attributes, random, work);
  return step(from, `${service}/${method}`, 'client', scopes.grpc, attributes, random, [120, 380], [server]);
}

function sqlCall(random: Random, service: string, database: string, operation: string, table: string, query: string, work: [number, number]): Step {
  return step(service, `${operation} ${database}.${table}`, 'client', scopes.sql, {
    'db.system': 'postgresql',
    'db.namespace': database,
    'db.operation.name': operation,
    'db.collection.name': table,
    'db.query.text': query,
    'server.address': 'orders-db.data.svc.cluster.local',
    'server.port': 5432,
  }, random, work);
}

function redisCall(random: Random, service: string, command: string, key: string): Step {
  return step(service, command, 'client', scopes.redis, {
    'db.system': 'redis',
    'db.operation.name': command,
    'db.query.text': `${command} ${key}`,
    'server.address': 'cart-redis.shop.svc.cluster.local',
    'server.port': 6379,
  }, random, [180, 900]);
}

function frontendRoot(random: Random, method: string, route: string, path: string, children: Step[]): Step {
  return step('frontend', `${method} ${route}`, 'server', scopes.http, {
    'http.request.method': method,
    'http.route': route,
    'url.path': path,
    'url.scheme': 'https',
    'http.response.status_code': 200,
    'server.address': 'shop.opsdesk.example',
    'client.address': `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    'user_agent.original': random.pick([
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    ]),
  }, random, [400, 1500], children);
}

function markError(target: Step, message: string, status?: number, exception?: { type: string; message: string }): void {
  target.error = exception ? { message, exception } : { message };
  if (status !== undefined && 'http.response.status_code' in target.attributes) target.attributes['http.response.status_code'] = status;
}

function browse(random: Random, failing: boolean): Step {
  const product = `P${random.int(10_000, 99_999)}`;
  const recommendations = grpcCall(random, 'frontend', 'recommendations', 'shop.recommendations.v1.Recommendations', 'List', [3_000, 14_000]);
  if (failing) {
    recommendations.fixedUs = 250_000;
    recommendations.attributes = { ...recommendations.attributes, 'rpc.grpc.status_code': 4 };
    markError(recommendations, 'context deadline exceeded');
  }
  return frontendRoot(random, 'GET', '/products/{id}', `/products/${product}`, [
    httpCall(random, 'frontend', 'catalog', 'GET', '/products/{id}', `/products/${product}`, [600, 2_500], [
      sqlCall(random, 'catalog', 'catalog', 'SELECT', 'products', 'SELECT id, name, price_cents, stock FROM products WHERE id = $1', [900, 4_000]),
    ]),
    recommendations,
  ]);
}

function cart(random: Random): Step {
  const user = `u-${random.hex(8)}`;
  return frontendRoot(random, 'POST', '/api/cart', '/api/cart', [
    httpCall(random, 'frontend', 'cart', 'POST', '/cart/{user}/items', `/cart/${user}/items`, [500, 1_800], [
      redisCall(random, 'cart', 'HSET', `cart:${user}`),
      redisCall(random, 'cart', 'EXPIRE', `cart:${user}`),
    ]),
  ]);
}

interface CheckoutShape {
  /** No checkout pod is running: the frontend's call finds no upstream. */
  noUpstream: boolean;
  incident: IncidentTrace | null;
  /** How close the serving checkout pod is to its memory limit (0..1); slows it down. */
  pressure: number;
}

function checkout(random: Random, shape: CheckoutShape): Step {
  const user = `u-${random.hex(8)}`;
  const order = `ord_${random.hex(12)}`;
  if (shape.noUpstream) {
    const call = step('frontend', 'POST', 'client', scopes.http, {
      'http.request.method': 'POST',
      'url.full': 'http://checkout.shop.svc.cluster.local:8080/orders',
      'http.response.status_code': 503,
      'server.address': 'checkout.shop.svc.cluster.local',
      'server.port': 8080,
    }, random, [1_000, 3_000]);
    markError(call, 'no healthy upstream', 503);
    const root = frontendRoot(random, 'POST', '/api/checkout', '/api/checkout', [call]);
    markError(root, 'checkout unavailable', 503);
    return root;
  }
  const cartRead = httpCall(random, 'checkout', 'cart', 'GET', '/cart/{user}', `/cart/${user}`, [400, 1_500], [redisCall(random, 'cart', 'HGETALL', `cart:${user}`)]);
  const reserve = httpCall(random, 'checkout', 'catalog', 'POST', '/inventory/reservations', '/inventory/reservations', [500, 2_000], [
    sqlCall(random, 'catalog', 'catalog', 'UPDATE', 'stock', 'UPDATE stock SET reserved = reserved + $2 WHERE product_id = $1 AND quantity - reserved >= $2', [1_500, 6_000]),
  ]);
  const charge = httpCall(random, 'checkout', 'payments-api', 'POST', '/v1/charges', '/v1/charges', [1_000, 3_000], [
    grpcCall(random, 'payments-api', 'fraud-scorer', 'payments.fraud.v1.Scorer', 'Score', [6_000, 24_000]),
    httpCall(random, 'payments-api', 'ledger', 'POST', '/entries', '/entries', [500, 1_500], [
      sqlCall(random, 'ledger', 'ledger', 'INSERT', 'entries', 'INSERT INTO entries (charge_id, account_id, amount_cents, currency) VALUES ($1, $2, $3, $4)', [1_200, 4_000]),
    ]),
  ]);
  const saveOrder = sqlCall(random, 'checkout', 'orders', 'INSERT', 'orders', 'INSERT INTO orders (id, user_id, total_cents, status) VALUES ($1, $2, $3, $4)', [1_500, 5_000]);
  const server = step('checkout', 'POST /orders', 'server', scopes.http, {
    'http.request.method': 'POST',
    'http.route': '/orders',
    'url.path': '/orders',
    'url.scheme': 'http',
    'http.response.status_code': 201,
    'server.address': 'checkout.shop.svc.cluster.local',
    'server.port': 8080,
    'app.order.id': order,
    'app.user.id': user,
  }, random, [800, 2_500], [cartRead, reserve, charge, saveOrder]);
  // A heap near its limit: the garbage collector eats the request's time.
  const slowdown = 1 + 6 * shape.pressure ** 3;
  server.beforeUs = Math.round(server.beforeUs * slowdown);
  server.afterUs = Math.round(server.afterUs * slowdown);
  const client = step('frontend', 'POST', 'client', scopes.http, {
    'http.request.method': 'POST',
    'url.full': 'http://checkout.shop.svc.cluster.local:8080/orders',
    'http.response.status_code': 201,
    'server.address': 'checkout.shop.svc.cluster.local',
    'server.port': 8080,
  }, random, [150, 450], [server]);
  const root = frontendRoot(random, 'POST', '/api/checkout', '/api/checkout', [client]);
  const incident = shape.incident;
  if (incident) {
    // The failure: checkout's heap thrashes, its payment call runs into the client timeout.
    server.attributes['app.order.id'] = incident.orderId;
    server.children = [cartRead, reserve, charge];
    charge.fixedUs = Math.max(1_000, incident.durationMs * 1000 - 40_000);
    markError(charge, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    delete charge.attributes['http.response.status_code'];
    markError(server, incident.message, 500, { type: '*url.Error', message: 'Post "https://payments-api.payments.svc.cluster.local:8443/v1/charges": context deadline exceeded' });
    markError(client, 'HTTP 500', 500);
    markError(root, incident.message, 500);
  }
  return root;
}

/** Every (service, operation, kind) a template can produce, for /operations. */
function collectOperations(root: Step, into: Map<string, Map<string, SpanKind>>): void {
  const operations = into.get(root.service) ?? new Map<string, SpanKind>();
  operations.set(root.operation, root.kind);
  into.set(root.service, operations);
  for (const child of root.children) collectOperations(child, into);
}

export interface TraceSearch {
  fromMs: number;
  toMs: number;
  nowMs: number;
  limit: number;
  /** Cheap pre-filter on the services a trace may touch. */
  service?: string | undefined;
  match: (trace: DemoTrace) => boolean;
}

/** The traces of one demo center. */
export class DemoTraces {
  private readonly seed: number;
  private readonly podsByService = new Map<string, WorldPod[]>();
  private readonly incidents: IncidentTrace[];
  private readonly incidentsBySlot = new Map<number, IncidentTrace[]>();
  private readonly incidentsById = new Map<string, IncidentTrace>();
  readonly operations = new Map<string, Map<string, SpanKind>>();

  constructor(
    private readonly world: DemoWorld,
    private readonly center: WorldCenter,
  ) {
    this.seed = hashString(`${center.id}/traces`, world.seed);
    for (const service of Object.keys(namespaceOf)) {
      const owners = new Set(center.replicaSets.filter((set) => set.deployment === service && set.namespace === namespaceOf[service]).map((set) => set.name));
      this.podsByService.set(service, center.pods.filter((pod) => owners.has(pod.ownerName)));
    }
    this.incidents = incidentTraces(world).filter((trace) => trace.centerId === center.id);
    for (const trace of this.incidents) {
      const slot = Math.floor((trace.atMs - trace.durationMs) / traceSlotMs);
      this.incidentsBySlot.set(slot, [...(this.incidentsBySlot.get(slot) ?? []), trace]);
      this.incidentsById.set(trace.traceId, trace);
    }
    const sample = new Random(1);
    for (const root of [browse(sample, true), cart(sample), checkout(sample, { noUpstream: false, incident: null, pressure: 0 })]) collectOperations(root, this.operations);
  }

  services(): string[] {
    return [...this.operations.keys()].sort();
  }

  /** Matching traces that ended by `nowMs`, newest first. */
  search(query: TraceSearch): DemoTrace[] {
    const found: DemoTrace[] = [];
    const from = Math.max(query.fromMs, query.nowMs - maxLookbackMs, this.center.createdAt);
    const to = Math.min(query.toMs, query.nowMs);
    if (from > to || query.limit <= 0) return found;
    for (let slot = Math.floor(to / traceSlotMs); slot >= Math.floor(from / traceSlotMs) && found.length < query.limit; slot--) {
      const candidates: DemoTrace[] = [];
      if (query.service === undefined || servicesOf[this.templateOf(slot)].includes(query.service)) {
        const trace = this.slotTrace(slot);
        if (trace) candidates.push(trace);
      }
      for (const incident of this.incidentsBySlot.get(slot) ?? []) {
        const trace = this.incidentTrace(incident);
        if (trace) candidates.push(trace);
      }
      candidates.sort((a, b) => b.startUs - a.startUs);
      for (const trace of candidates) {
        const startMs = trace.startUs / 1000;
        if (startMs < from || startMs > to || (trace.startUs + trace.durationUs) / 1000 > query.nowMs) continue;
        if (query.match(trace) && found.length < query.limit) found.push(trace);
      }
    }
    return found;
  }

  /** The trace with this id, if it exists and has ended by `nowMs`. */
  byId(traceId: string, nowMs: number): DemoTrace | null {
    const id = traceId.toLowerCase().padStart(32, '0');
    const incident = this.incidentsById.get(id);
    let trace: DemoTrace | null = null;
    if (incident) trace = this.incidentTrace(incident);
    else if (/^[0-9a-f]{32}$/.test(id)) {
      const slot = (parseInt(id.slice(24), 16) ^ hashString(id.slice(0, 24))) >>> 0;
      const candidate = this.slotTrace(slot);
      if (candidate?.traceId === id) trace = candidate;
    }
    return trace && (trace.startUs + trace.durationUs) / 1000 <= nowMs ? trace : null;
  }

  private templateOf(slot: number): Template {
    const unit = hashUnit(this.seed, slot);
    return unit < 0.5 ? 'browse' : unit < 0.75 ? 'cart' : 'checkout';
  }

  private slotTrace(slot: number): DemoTrace | null {
    const random = Random.derive(this.seed, `slot/${slot}`);
    const head = random.hex(24);
    const traceId = head + ((slot ^ hashString(head)) >>> 0).toString(16).padStart(8, '0');
    const startMs = slot * traceSlotMs + random.int(0, traceSlotMs - 1);
    const template = this.templateOf(slot);
    let root: Step;
    const fixedPods: Record<string, string> = {};
    if (template === 'browse') root = browse(random, random.chance(0.02));
    else if (template === 'cart') root = cart(random);
    else {
      const pod = this.pickPod('checkout', startMs, random);
      if (pod) fixedPods.checkout = pod.name;
      root = checkout(random, { noUpstream: pod === null, incident: null, pressure: pod ? this.pressure(pod, startMs) : 0 });
    }
    return this.layout(traceId, root, startMs, random, fixedPods);
  }

  private incidentTrace(incident: IncidentTrace): DemoTrace | null {
    const random = Random.derive(this.seed, `incident/${incident.traceId}`);
    const root = checkout(random, { noUpstream: false, incident, pressure: 1 });
    // The failure was logged at `atMs`, when the request gave up: it started `durationMs` earlier.
    return this.layout(incident.traceId, root, incident.atMs - incident.durationMs, random, { checkout: incident.pod });
  }

  /** How far the pod's current checkout run has leaked toward its limit (0 when it does not leak). */
  private pressure(pod: WorldPod, t: number): number {
    const container = pod.containers.find((candidate) => candidate.template.name === 'checkout');
    const run = container ? runAt(container, t) : null;
    if (!run || run.leakFromBytes === null || run.finishedAt === null) return 0;
    return Math.min(1, Math.max(0, (t - run.startedAt) / (run.finishedAt - run.startedAt)));
  }

  private pickPod(service: string, t: number, random: Random): WorldPod | null {
    const running = (this.podsByService.get(service) ?? []).filter((pod) => {
      if (!podExistsAt(pod, t) || pod.deletingAt !== null && pod.deletingAt <= t) return false;
      const main = pod.containers.find((candidate) => candidate.template.name === service) ?? pod.containers[0];
      return main !== undefined && runAt(main, t) !== null;
    });
    return running.length === 0 ? null : random.pick(running);
  }

  private resourceOf(service: string, pod: WorldPod | null): Record<string, string> {
    const image = pod?.containers.find((candidate) => candidate.template.name === service)?.template.image ?? '';
    const version = /:([^/:]+)$/.exec(image)?.[1] ?? 'unknown';
    const resource: Record<string, string> = {
      'service.name': service,
      'service.namespace': namespaceOf[service] ?? 'default',
      'service.version': version,
      'deployment.environment.name': this.center.labels.environment ?? 'production',
      'k8s.cluster.name': this.center.labels.cluster ?? this.center.id,
      'k8s.namespace.name': namespaceOf[service] ?? 'default',
      'telemetry.sdk.language': 'go',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '1.28.0',
    };
    if (pod) {
      resource['k8s.pod.name'] = pod.name;
      resource['k8s.pod.uid'] = pod.uid;
      resource['k8s.deployment.name'] = service;
      if (pod.nodeName) resource['k8s.node.name'] = pod.nodeName;
      resource['host.name'] = pod.name;
    }
    return resource;
  }

  private layout(traceId: string, root: Step, startMs: number, random: Random, fixedPods: Record<string, string> = {}): DemoTrace {
    const spans: DemoSpan[] = [];
    const pods = new Map<string, WorldPod | null>();
    const podFor = (service: string): WorldPod | null => {
      if (!pods.has(service)) {
        const fixed = fixedPods[service];
        pods.set(service, fixed ? (this.podsByService.get(service) ?? []).find((pod) => pod.name === fixed) ?? null : this.pickPod(service, startMs, random));
      }
      return pods.get(service)!;
    };
    const place = (current: Step, parent: string | null, startUs: number): number => {
      const spanId = random.hex(16);
      const span: DemoSpan = {
        traceId,
        spanId: /^0+$/.test(spanId) ? '0000000000000001' : spanId,
        parentSpanId: parent,
        service: current.service,
        operation: current.operation,
        kind: current.kind,
        startUs,
        durationUs: 0,
        status: current.error ? 'error' : 'unset',
        statusMessage: current.error?.message ?? null,
        scope: current.scope,
        attributes: current.attributes,
        resource: this.resourceOf(current.service, podFor(current.service)),
        events: [],
      };
      spans.push(span);
      let cursor = startUs + current.beforeUs;
      for (const child of current.children) cursor = place(child, span.spanId, cursor + random.int(20, 120));
      let endUs = cursor + current.afterUs;
      if (current.fixedUs !== undefined) endUs = Math.max(endUs, startUs + current.fixedUs);
      span.durationUs = endUs - startUs;
      if (current.error?.exception) {
        span.events.push({ name: 'exception', timeUs: endUs - random.int(50, 300), attributes: { 'exception.type': current.error.exception.type, 'exception.message': current.error.exception.message } });
      }
      return endUs;
    };
    const startUs = startMs * 1000 + random.int(0, 999);
    const endUs = place(root, null, startUs);
    return { traceId, startUs, durationUs: endUs - startUs, spans };
  }
}
