import type { EndpointTestResult } from '../../../shared/contract/channels.ts';
import type { CenterConfig } from '../../../shared/config/centers-config.ts';
import type { Signal } from '../../../shared/domain/records.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Facts } from '../../components/facts.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatClock } from '../../format/time.ts';
import { describeAuth, describeEndpointRoute, describeRoute, type EndpointConfig } from '../../state/center-summary.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { DetailSection } from '../detail-frame.tsx';

export interface TestRun {
  centerId: string;
  status: 'pending' | 'done' | 'error';
  results: EndpointTestResult[];
  error: unknown;
  at: number;
}

export interface CenterDetailsProps {
  center: CenterConfig;
  test: TestRun | null;
  onTest(): void;
  onEdit(): void;
  onRemove(): void;
  onClose(): void;
}

function TestResults({ run }: { run: TestRun }) {
  const timeZone = useUiStore((state) => state.timeZone);
  if (run.status === 'pending') {
    return (
      <div className="table-state" role="status" data-testid="test-pending">
        Testing every endpoint… (an SSH route may ask you to trust a host key)
      </div>
    );
  }
  if (run.status === 'error') return <ErrorPanel error={run.error} title="The connection test could not run" compact />;
  const failed = run.results.filter((result) => !result.ok).length;
  return (
    <div data-testid="test-results" data-failed={failed}>
      <div className="test-summary">
        {failed === 0 ? (
          <StatusBadge tone="ok">{run.results.length === 1 ? 'the endpoint answered' : `all ${run.results.length} endpoints answered`}</StatusBadge>
        ) : (
          <StatusBadge tone="error">{`${failed} of ${run.results.length} failed`}</StatusBadge>
        )}
        <span className="muted small">tested at {formatClock(run.at, timeZone)}</span>
      </div>
      <table className="mini-table test-table">
        <thead>
          <tr>
            <th>Signal</th>
            <th>URL</th>
            <th>Via</th>
            <th>Result</th>
            <th className="align-right">Latency</th>
            <th>Version / message</th>
          </tr>
        </thead>
        <tbody>
          {run.results.map((result) => (
            <tr key={result.endpointId} data-testid="test-result" data-signal={result.signal} data-ok={result.ok}>
              <td className="mono">{result.signal}</td>
              <td className="mono break">{result.url}</td>
              <td className="mono small">{result.via}</td>
              <td>
                <StatusBadge tone={result.ok ? 'ok' : 'error'}>{result.ok ? 'ok' : 'failed'}</StatusBadge>
              </td>
              <td className="num align-right">{Math.round(result.latencyMs)} ms</td>
              <td className={result.ok ? 'mono' : 'mono error-text'} data-testid="test-detail">
                {result.ok ? (result.version ?? result.message ?? '—') : (result.message ?? 'failed')}
                {result.ok && result.version && result.message ? <span className="muted"> · {result.message}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One configured center: what the file says, and the connection test. */
export function CenterDetails({ center, test, onTest, onEdit, onRemove, onClose }: CenterDetailsProps) {
  const endpoints = Object.entries(center.endpoints) as Array<[Signal, EndpointConfig]>;
  const labels = Object.entries(center.labels);
  return (
    <aside className="center-details" data-testid="center-details" data-center-id={center.id}>
      <header className="pane__header">
        <div className="pane__heading">
          <span className="detail__kind">Center</span>
          <h2 className="detail__title">{center.name}</h2>
          <div className="detail__subtitle">
            <span className="mono muted">{center.id}</span>
            <span className={`kind kind--${center.kind}`}>{center.kind}</span>
            {center.region && <span className="mono muted">{center.region}</span>}
          </div>
        </div>
        <div className="pane__tools">
          <button type="button" className="button button--primary button--small" onClick={onTest} disabled={test?.status === 'pending'} data-testid="center-test" title="Test connection (t)">
            Test connection <kbd>t</kbd>
          </button>
          <button type="button" className="button button--small" onClick={onEdit} data-testid="center-edit" title="Edit (e)">
            Edit <kbd>e</kbd>
          </button>
          <button type="button" className="button button--small button--danger" onClick={onRemove} data-testid="center-remove" title="Remove (Delete)">
            Remove
          </button>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close" title="Close (Esc)">
            ×
          </button>
        </div>
      </header>
      <div className="pane__body">
        <Facts
          facts={[
            ['SSH route', <span className="mono">{describeRoute(center.ssh)}</span>],
            ['Labels', labels.length ? labels.map(([key, value]) => <span key={key} className="chip mono">{`${key}=${value}`}</span>) : null],
          ]}
        />
        <DetailSection title="Endpoints" aside={`${endpoints.length} configured`}>
          <table className="mini-table" data-testid="center-endpoints">
            <thead>
              <tr>
                <th>Signal</th>
                <th>Kind</th>
                <th>URL</th>
                <th>Auth</th>
                <th>Route</th>
                <th className="align-right">Timeout</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map(([signal, endpoint]) => (
                <tr key={signal} data-signal={signal}>
                  <td className="mono">{signal}</td>
                  <td className="mono muted">{endpoint.kind}</td>
                  <td className="mono break">
                    {endpoint.url}
                    {endpoint.caFile && <div className="muted small">CA {endpoint.caFile}</div>}
                  </td>
                  <td className="mono small" data-testid="endpoint-auth">
                    {describeAuth(endpoint.auth)}
                  </td>
                  <td className="mono small">{describeEndpointRoute(endpoint, center)}</td>
                  <td className="num align-right muted">{endpoint.timeoutMs ? `${endpoint.timeoutMs} ms` : 'default'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </DetailSection>
        <DetailSection title="Connection test" aside="each endpoint’s health and version, through its route">
          {test ? <TestResults run={test} /> : <div className="muted small">Not tested yet. Press <kbd>t</kbd> or “Test connection”.</div>}
        </DetailSection>
      </div>
    </aside>
  );
}
