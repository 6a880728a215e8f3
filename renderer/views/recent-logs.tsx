import { ErrorPanel } from '../components/error-panel.tsx';
import { useLogsSearch } from '../data/use-signals.ts';
import { formatClock, formatUtc } from '../format/time.ts';
import { useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';

/** The newest cached log lines of a pod (or one container), with a jump to the Logs view. */
export function RecentLogs({ centerId, namespace, pod, container }: { centerId: string; namespace: string; pod: string; container?: string }) {
  const t = useT();
  const range = useUiStore((state) => state.timeRange);
  const timeZone = useUiStore((state) => state.timeZone);
  const openLogs = useUiStore((state) => state.openLogs);
  const query = useLogsSearch([centerId], { range, namespace, pod, ...(container ? { container } : {}), limit: 8 }, false);
  const lines = query.data?.pages[0] ?? [];
  return (
    <section className="detail-section" data-panel="logs" data-testid="recent-logs">
      <h3 className="detail-section__title">
        {t('detail.logs')}
        <button
          type="button"
          className="button button--small detail-section__aside"
          onClick={() => openLogs({ namespace, pod, ...(container ? { container } : {}) })}
          data-testid="recent-logs-open"
        >
          {t('detail.openLogs')}
        </button>
      </h3>
      {query.isPending ? (
        <div className="muted small">…</div>
      ) : query.isError ? (
        <ErrorPanel error={query.error} compact onRetry={() => void query.refetch()} />
      ) : lines.length === 0 ? (
        <div className="muted small">{t('detail.noLogs')}</div>
      ) : (
        <ul className="recent-logs">
          {lines.map((line) => (
            <li key={line.id} className={`recent-logs__line recent-logs__line--${line.level}`}>
              <time className="recent-logs__time" title={formatUtc(line.timestamp)} dateTime={new Date(line.timestamp).toISOString()}>
                {formatClock(line.timestamp, timeZone)}
              </time>
              <span className="recent-logs__level">{line.level}</span>
              <span className="recent-logs__text">{line.line}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
