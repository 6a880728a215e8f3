import { useEffect, useMemo, useState } from 'react';
import type { SpanRecord, TraceSummary } from '../../../shared/domain/traces.ts';
import type { TimeRangeInput } from '../../../shared/time/range.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useTrace, useTraceServices, useTracesSearch } from '../../data/use-signals.ts';
import { formatDateTime } from '../../format/time.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { windowAround } from '../logs/logs-paging.ts';
import { formatDuration, layoutWaterfall, type WaterfallRow } from './waterfall-layout.ts';

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function TracesView() {
  const openedTraceId = useUiStore((state) => state.openedTraceId);
  return (
    <section className={openedTraceId ? 'signal-view signal-view--split' : 'signal-view'} data-testid="traces-view" aria-label="Traces">
      <TraceSearch />
      {openedTraceId && <TraceDetail key={openedTraceId} traceId={openedTraceId} />}
    </section>
  );
}

function TraceSearch() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const range = useUiStore((state) => state.timeRange);
  const timeZone = useUiStore((state) => state.timeZone);
  const openedTraceId = useUiStore((state) => state.openedTraceId);
  const openTrace = useUiStore((state) => state.openTrace);
  const [service, setService] = useState('');
  const [operation, setOperation] = useState('');
  const [minDuration, setMinDuration] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const services = useTraceServices(centerIds);
  const debouncedOperation = useDebounced(operation.trim(), 250);
  const debouncedMin = useDebounced(minDuration.trim(), 250);
  const minDurationMs = debouncedMin === '' || !Number.isFinite(Number(debouncedMin)) || Number(debouncedMin) < 0 ? undefined : Number(debouncedMin);
  const params = useMemo(
    () => ({
      range,
      service: service || undefined,
      operation: debouncedOperation || undefined,
      minDurationMs,
      errorsOnly: errorsOnly || undefined,
    }),
    [range, service, debouncedOperation, minDurationMs, errorsOnly],
  );
  const query = useTracesSearch(centerIds, params);

  return (
    <div className="trace-search">
      <div className="signal-toolbar">
        <select className="input" aria-label="Service" value={service} onChange={(event) => setService(event.target.value)} data-testid="trace-service">
          <option value="">All services</option>
          {(services.data ?? []).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input className="input signal-toolbar__field" placeholder="operation" aria-label="Operation" value={operation} onChange={(event) => setOperation(event.target.value)} />
        <input
          className="input signal-toolbar__field signal-toolbar__field--narrow"
          placeholder="min ms"
          aria-label="Minimum duration in milliseconds"
          inputMode="decimal"
          value={minDuration}
          onChange={(event) => setMinDuration(event.target.value)}
        />
        <label className="live-toggle">
          <input type="checkbox" checked={errorsOnly} onChange={(event) => setErrorsOnly(event.target.checked)} data-testid="errors-only" />
          Errors only
        </label>
        <span className="muted small">{query.isFetching ? 'searching…' : `${query.data?.length ?? 0} traces`}</span>
      </div>
      {query.isError ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <div className="signal-empty muted">Searching the cache…</div>
      ) : query.data.length === 0 ? (
        <div className="signal-empty muted">No traces in the cache match. Widen the time range or wait for the next traces sync.</div>
      ) : (
        <div className="table-scroll">
          <table className="data-table trace-table">
            <thead>
              <tr>
                <th>Root service</th>
                <th>Operation</th>
                <th>Start</th>
                <th className="align-right">Duration</th>
                <th className="align-right">Spans</th>
                <th className="align-right">Errors</th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((trace: TraceSummary) => (
                <tr
                  key={trace.traceId}
                  data-testid="trace-row"
                  data-trace-id={trace.traceId}
                  aria-selected={trace.traceId === openedTraceId}
                  className={`${trace.traceId === openedTraceId ? 'row row--selected' : 'row'}${trace.errorCount ? ' row--error' : ''}`}
                  onClick={() => openTrace(trace.traceId)}
                >
                  <td className="cell-name">{trace.rootService}</td>
                  <td className="mono">{trace.rootOperation}</td>
                  <td className="mono muted">{formatDateTime(trace.startMs, timeZone)}</td>
                  <td className="align-right num">{formatDuration(trace.durationMs)}</td>
                  <td className="align-right num">{trace.spanCount ?? '—'}</td>
                  <td className={trace.errorCount ? 'align-right num num--error' : 'align-right num num--muted'}>{trace.errorCount ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function TraceDetail({ traceId }: { traceId: string }) {
  const openTrace = useUiStore((state) => state.openTrace);
  const trace = useTrace(traceId);
  const [selected, setSelected] = useState<string | null>(null);
  const layout = useMemo(() => (trace.data ? layoutWaterfall(trace.data.spans, trace.data.timing) : null), [trace.data]);
  const selectedRow = layout?.rows.find((row) => row.span.spanId === selected) ?? null;
  const root = layout?.rows[0]?.span;
  return (
    <div className="trace-detail" data-testid="trace-detail" data-trace-id={traceId}>
      <header className="trace-detail__header">
        <div>
          <span className="detail__kind">Trace</span>
          <h2 className="detail__title mono">{root ? `${root.service} · ${root.operation}` : traceId}</h2>
          <div className="muted small mono">{traceId}</div>
        </div>
        {layout && trace.data && (
          <div className="muted small trace-detail__stats">
            {formatDuration(layout.totalMs)} · {layout.rows.length} spans · critical path {trace.data.timing.pathSpanIds.length} spans
          </div>
        )}
        <button type="button" className="icon-button" onClick={() => openTrace(null)} aria-label="Close trace" title="Close">
          ×
        </button>
      </header>
      {trace.isPending ? (
        <div className="signal-empty muted">Loading trace…</div>
      ) : trace.isError ? (
        <ErrorPanel error={trace.error} onRetry={() => void trace.refetch()} />
      ) : layout ? (
        <div className={selectedRow ? 'trace-detail__body trace-detail__body--span' : 'trace-detail__body'}>
          <Waterfall rows={layout.rows} totalMs={layout.totalMs} selected={selected} onSelect={setSelected} />
          {selectedRow && <SpanDetail row={selectedRow} />}
        </div>
      ) : null}
    </div>
  );
}

function Waterfall({ rows, totalMs, selected, onSelect }: { rows: WaterfallRow[]; totalMs: number; selected: string | null; onSelect(spanId: string): void }) {
  return (
    <div className="waterfall" data-testid="waterfall" role="list" aria-label="Spans">
      <div className="waterfall__scale muted small">
        <span>0</span>
        <span>{formatDuration(totalMs / 2)}</span>
        <span>{formatDuration(totalMs)}</span>
      </div>
      {rows.map((row) => (
        <button
          type="button"
          key={row.span.spanId}
          role="listitem"
          className={`waterfall__row${row.critical ? ' waterfall__row--critical' : ''}${row.span.status === 'error' ? ' waterfall__row--error' : ''}${row.span.spanId === selected ? ' waterfall__row--selected' : ''}`}
          data-testid="waterfall-span"
          data-span-id={row.span.spanId}
          data-critical={row.critical ? 'true' : 'false'}
          data-status={row.span.status}
          onClick={() => onSelect(row.span.spanId)}
          title={`${row.span.service} ${row.span.operation}: ${formatDuration(row.span.durationMs)} (self ${formatDuration(row.selfMs)})`}
        >
          <span className="waterfall__label" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
            <span className="waterfall__service">{row.span.service}</span> <span className="mono">{row.span.operation}</span>
          </span>
          <span className="waterfall__track">
            <span className="waterfall__bar" style={{ left: `${row.leftPct}%`, width: `max(${row.widthPct}%, 2px)` }} />
          </span>
          <span className="waterfall__time num">
            {formatDuration(row.span.durationMs)}
            <span className="muted"> · self {formatDuration(row.selfMs)}</span>
          </span>
        </button>
      ))}
    </div>
  );
}

function AttributeTable({ attributes }: { attributes: Record<string, string> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <div className="muted small">none</div>;
  return (
    <table className="mini-table">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <td className="mono muted">{key}</td>
            <td className="mono attr-value">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Opens the Pods view with the span's pod in the detail pane (its charts) over the given window. */
function useOpenPodMetrics() {
  const setTimeRange = useUiStore((state) => state.setTimeRange);
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  const open = useUiStore((state) => state.open);
  return (target: { centerId: string; namespace: string; pod: string }, range: TimeRangeInput) => {
    setTimeRange(range);
    open('pods', `${target.centerId}/${target.namespace}/${target.pod}`);
    setActiveTab('pods');
  };
}

function SpanDetail({ row }: { row: WaterfallRow }) {
  const span: SpanRecord = row.span;
  const timeZone = useUiStore((state) => state.timeZone);
  const openLogs = useUiStore((state) => state.openLogs);
  const openPodMetrics = useOpenPodMetrics();
  const pod = span.resourceAttributes['k8s.pod.name'];
  const namespace = span.resourceAttributes['k8s.namespace.name'];
  return (
    <div className="span-detail" data-testid="span-detail" data-span-id={span.spanId}>
      <div className="span-detail__head">
        <strong>{span.service}</strong> <span className="mono">{span.operation}</span>
        <span className={`badge badge--${span.status === 'error' ? 'error' : span.status === 'ok' ? 'ok' : 'muted'}`}>{span.status}</span>
        {row.critical && <span className="badge badge--warn">critical path</span>}
        {pod && (
          <button
            type="button"
            className="button button--small"
            data-testid="pod-logs"
            onClick={() => openLogs({ pod, namespace: namespace ?? '' }, windowAround(span.startMs, span.durationMs))}
          >
            Pod logs
          </button>
        )}
        {pod && namespace && (
          <button
            type="button"
            className="button button--small"
            data-testid="pod-metrics"
            title="The pod's charts around this span"
            onClick={() => openPodMetrics({ centerId: span.centerId, namespace, pod }, windowAround(span.startMs, span.durationMs))}
          >
            Pod metrics
          </button>
        )}
      </div>
      <div className="muted small">
        {span.kind} · start {formatDateTime(span.startMs, timeZone)} · +{formatDuration(row.offsetMs)} · {formatDuration(span.durationMs)} · self{' '}
        {formatDuration(row.selfMs)}
        {span.statusMessage && <span className="num--error"> · {span.statusMessage}</span>}
      </div>
      <h4>Attributes</h4>
      <div data-testid="span-attributes">
        <AttributeTable attributes={span.attributes} />
      </div>
      <h4>Resource</h4>
      <AttributeTable attributes={span.resourceAttributes} />
      <h4>Events ({span.events.length})</h4>
      {span.events.length === 0 ? (
        <div className="muted small">none</div>
      ) : (
        <ul className="span-events">
          {span.events.map((event, index) => (
            <li key={`${event.timeNs}-${index}`}>
              <span className="mono muted">+{formatDuration(event.timeMs - span.startMs)}</span> <strong>{event.name}</strong>
              <AttributeTable attributes={event.attributes} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
