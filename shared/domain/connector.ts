import type { PanelId } from '../catalog/promql.ts';
import type { TimeRange } from '../time/range.ts';
import type { LogsPullResult } from './logs.ts';
import type { TracesPullResult } from './traces.ts';
import type { AlertRecord, ConnectorKind, InventorySnapshot, SeriesSamples, Signal } from './records.ts';

/** Stable error codes a connector reports; the UI explains each. */
export type ConnectorErrorCode =
  | 'unreachable' // connection refused, DNS, reset
  | 'timeout' // no answer within the endpoint's timeout
  | 'http-status' // non-2xx answer
  | 'unauthorized' // 401/403
  | 'malformed' // answer did not parse or did not match the protocol's documented shape
  | 'too-large' // answer exceeded the size limit
  | 'remote-error' // protocol-level error (e.g. Prometheus status "error")
  | 'cancelled'; // the pull was cancelled by the user or shutdown

export interface HealthResult {
  ok: boolean;
  latencyMs: number;
  /** Server-reported version where the protocol exposes one. */
  version?: string;
  message?: string;
}

export interface PullRequest {
  centerId: string;
  range: TimeRange;
  /** Last timestamp already committed for this endpoint (epoch ms); connectors may pull only what follows. */
  watermark: number | null;
  /** Opaque resume point a source returned last time (a journal cursor, a file offset); sources that use none ignore it. */
  cursor?: string | null;
}

export type PullResult =
  | { kind: 'series'; series: Array<{ panel: PanelId; stepSeconds: number; samples: SeriesSamples[] }> }
  | { kind: 'inventory'; snapshot: InventorySnapshot }
  | { kind: 'alerts'; alerts: AlertRecord[] }
  | LogsPullResult
  | TracesPullResult;

export interface Connector {
  readonly kind: ConnectorKind;
  readonly capabilities: readonly Signal[];
  health(): Promise<HealthResult>;
  /** Fetch, validate and convert; throws ConnectorError. Never writes anywhere. */
  pull(request: PullRequest): Promise<PullResult>;
}
