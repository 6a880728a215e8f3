import { instanceHost, panel, type PanelId } from '../../../shared/catalog/promql.ts';
import type { MapCell, MapEntity, MapFrames, MapMetric } from '../../../shared/contract/map-channels.ts';
import type { SeriesSamples } from '../../../shared/domain/records.ts';
import type { TimeRange } from '../../../shared/time/range.ts';
import type { CacheService } from '../cache/cache-service.ts';

/** Prometheus's default lookback: a sample older than this no longer speaks for an instant. */
const lookbackMs = 5 * 60_000;

/** `steps` evenly spaced instants from `range.from` to `range.to`, both included. */
export function frameTimestamps(range: TimeRange, steps: number): number[] {
  const span = range.to - range.from;
  return Array.from({ length: steps }, (_, index) => Math.round(range.from + (span * index) / (steps - 1)));
}

/**
 * The value each frame shows: the newest sample at or before the frame, if it is no older than the
 * lookback (or one frame, when frames are further apart than that). Timestamps must be ascending.
 */
export function sampleAtFrames(series: Pick<SeriesSamples, 'timestamps' | 'values'>, frames: readonly number[]): (number | null)[] {
  const frameGap = frames.length > 1 ? frames[1]! - frames[0]! : 0;
  const staleAfter = Math.max(lookbackMs, frameGap);
  const result: (number | null)[] = [];
  let cursor = -1;
  for (const frame of frames) {
    while (cursor + 1 < series.timestamps.length && series.timestamps[cursor + 1]! <= frame) cursor += 1;
    const at = cursor >= 0 ? series.timestamps[cursor]! : undefined;
    const value = cursor >= 0 ? series.values[cursor]! : undefined;
    result.push(at !== undefined && value !== undefined && frame - at <= staleAfter && Number.isFinite(value) ? value : null);
  }
  return result;
}

const panelFor: Record<MapEntity, Partial<Record<MapMetric, PanelId>>> = {
  node: { cpu: 'node.cpu', memory: 'node.memory', network: 'node.network' },
  pod: { cpu: 'pod.cpu', memory: 'pod.memory', network: 'pod.network', restarts: 'pod.restarts' },
  container: { cpu: 'container.cpu', memory: 'container.memory', restarts: 'container.restarts' },
};

export function mapPanel(entity: MapEntity, metric: MapMetric): PanelId | null {
  return panelFor[entity][metric] ?? null;
}

export interface MapFramesRequest {
  centerIds: string[];
  entity: MapEntity;
  metric: MapMetric;
  range: TimeRange;
  steps: number;
}

interface CellSeed extends Omit<MapCell, 'values'> {
  /** Identity of the cell's series in the catalog query's labels. */
  seriesKeys: string[];
  /** Node memory is shown as a share of capacity. */
  divisor: number | null;
}

function cellSeeds(cache: CacheService, entity: MapEntity, centerIds: string[]): CellSeed[] {
  switch (entity) {
    case 'node':
      return cache.listNodes({ centerIds }).map((node) => ({
        key: `${node.centerId}/${node.name}`,
        centerId: node.centerId,
        name: node.name,
        namespace: null,
        pod: null,
        node: node.name,
        status: node.ready === 'True' ? (node.unschedulable ? 'Ready, cordoned' : 'Ready') : 'NotReady',
        seriesKeys: node.internalIp ? [node.name, node.internalIp] : [node.name],
        divisor: node.capacity.memoryBytes > 0 ? node.capacity.memoryBytes : null,
      }));
    case 'pod':
      return cache.listPods({ centerIds }).map((pod) => ({
        key: `${pod.centerId}/${pod.namespace}/${pod.name}`,
        centerId: pod.centerId,
        name: pod.name,
        namespace: pod.namespace,
        pod: pod.name,
        node: pod.nodeName,
        status: pod.reason ? `${pod.phase} (${pod.reason})` : pod.phase,
        seriesKeys: [`${pod.namespace}/${pod.name}`],
        divisor: null,
      }));
    case 'container': {
      const podNodes = new Map(cache.listPods({ centerIds }).map((pod) => [`${pod.centerId}/${pod.namespace}/${pod.name}`, pod.nodeName]));
      return cache.listContainers({ centerIds }).map((container) => ({
        key: `${container.centerId}/${container.namespace}/${container.podName}/${container.name}`,
        centerId: container.centerId,
        name: container.name,
        namespace: container.namespace,
        pod: container.podName,
        node: podNodes.get(`${container.centerId}/${container.namespace}/${container.podName}`) ?? null,
        status: container.stateReason ? `${container.state} (${container.stateReason})` : container.state,
        seriesKeys: [`${container.namespace}/${container.podName}/${container.name}`],
        divisor: null,
      }));
    }
  }
}

function seriesKey(entity: MapEntity, labels: Record<string, string>): string {
  switch (entity) {
    case 'node':
      return instanceHost(labels.instance ?? '');
    case 'pod':
      return `${labels.namespace ?? ''}/${labels.pod ?? ''}`;
    case 'container':
      return `${labels.namespace ?? ''}/${labels.pod ?? ''}/${labels.container ?? ''}`;
  }
}

/** Every cell of the entity in the selected centers, with the metric sampled at each frame from the cache. */
export function readMapFrames(cache: CacheService, request: MapFramesRequest): MapFrames {
  const panelId = mapPanel(request.entity, request.metric);
  if (!panelId) throw new RangeError(`${request.entity}s have no ${request.metric} metric`);
  const timestamps = frameTimestamps(request.range, request.steps);
  const seeds = cellSeeds(cache, request.entity, request.centerIds);
  // Reach back one lookback so the first frame can show the sample just before the window.
  const readRange = { from: request.range.from - lookbackMs, to: request.range.to };
  const sampledByCenter = new Map<string, Map<string, (number | null)[]>>();
  for (const centerId of new Set(seeds.map((seed) => seed.centerId))) {
    const sampled = new Map<string, (number | null)[]>();
    for (const series of cache.readSeries(centerId, panelId, readRange)) {
      sampled.set(seriesKey(request.entity, series.labels), sampleAtFrames(series, timestamps));
    }
    sampledByCenter.set(centerId, sampled);
  }
  const empty = timestamps.map(() => null);
  const nodeMemory = request.entity === 'node' && request.metric === 'memory';
  const cells = seeds.map(({ seriesKeys, divisor, ...cell }) => {
    const sampled = sampledByCenter.get(cell.centerId);
    const found = seriesKeys.map((key) => sampled?.get(key)).find((values) => values !== undefined);
    let values = found ?? empty;
    if (nodeMemory && found) values = divisor ? found.map((value) => (value === null ? null : value / divisor)) : empty;
    return { ...cell, values };
  });
  return { entity: request.entity, metric: request.metric, unit: nodeMemory ? 'ratio' : panel(panelId).unit, timestamps, cells };
}
