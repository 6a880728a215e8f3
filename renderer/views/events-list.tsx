import { ErrorPanel } from '../components/error-panel.tsx';
import { useNow } from '../components/use-now.ts';
import { useKubeEvents } from '../data/use-inventory.ts';
import { formatAgo, formatUtc } from '../format/time.ts';

/** Recent Kubernetes events about one object, newest first. */
export function EventsList({ centerId, namespace, involvedName }: { centerId: string; namespace?: string; involvedName: string }) {
  const query = useKubeEvents([centerId], namespace ? { namespace, involvedName, limit: 20 } : { involvedName, limit: 20 });
  const now = useNow();
  if (query.isPending) return <div className="muted small">Loading events…</div>;
  if (query.isError) return <ErrorPanel error={query.error} compact onRetry={() => void query.refetch()} />;
  const events = [...query.data].sort((a, b) => b.lastSeen - a.lastSeen);
  if (events.length === 0) return <div className="muted small">No events cached for this object.</div>;
  return (
    <ul className="events">
      {events.map((event) => (
        <li key={event.uid} className={event.type === 'Warning' ? 'event event--warning' : 'event'} data-event-uid={event.uid}>
          <span className="event__reason">{event.reason}</span>
          {event.count > 1 && <span className="event__count">×{event.count}</span>}
          <span className="event__age" title={formatUtc(event.lastSeen)}>
            {formatAgo(event.lastSeen, now)}
          </span>
          <div className="event__message">{event.message}</div>
        </li>
      ))}
    </ul>
  );
}
