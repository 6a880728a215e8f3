import { ApiRequestError } from '../api/unwrap.ts';

/** Plain-language meaning of each stable error code. */
const explanations: Record<string, string> = {
  'invalid-input': 'The request was rejected as malformed. This is a bug in OpsDesk; please report it.',
  'unknown-channel': 'This OpsDesk window and its host are different versions. Restart OpsDesk.',
  'not-found': 'The item is not in the local cache. It may have been deleted, or not synced yet.',
  forbidden: 'Access was refused. The session token may be missing or expired; reopen OpsDesk from its launch address.',
  unavailable: 'The OpsDesk host cannot be reached. It may have stopped; cached views resume when it is back.',
  'config-error': 'The centers file would not be valid with this change; the message names the line and field. Nothing was written.',
  'connector-error': 'A center did not answer as expected. Check its sync status above; what is already cached stays readable.',
  internal: 'OpsDesk hit an internal error. Details are in the host log.',
};

export function describeError(error: unknown): { code: string; message: string; detail?: string } {
  if (error instanceof ApiRequestError) {
    return error.detail ? { code: error.code, message: error.message, detail: error.detail } : { code: error.code, message: error.message };
  }
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}

export interface ErrorPanelProps {
  error: unknown;
  title?: string;
  compact?: boolean;
  onRetry?: () => void;
}

export function ErrorPanel({ error, title, compact = false, onRetry }: ErrorPanelProps) {
  const { code, message, detail } = describeError(error);
  return (
    <div className={compact ? 'error-panel error-panel--compact' : 'error-panel'} role="alert" data-testid="error" data-code={code}>
      <div className="error-panel__head">
        <span className="error-panel__code">{code}</span>
        <span className="error-panel__title">{title ?? message}</span>
        {onRetry && (
          <button type="button" className="button button--small" onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
      {title && <div className="error-panel__message">{message}</div>}
      {explanations[code] && <div className="error-panel__hint">{explanations[code]}</div>}
      {detail && <pre className="error-panel__detail">{detail}</pre>}
    </div>
  );
}
