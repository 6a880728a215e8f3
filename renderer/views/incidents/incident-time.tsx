import { formatDateTime } from '../../format/time.ts';
import { useUiStore } from '../../state/ui-store.ts';

/** A time in the desk's zone; hovering shows the same instant in UTC. */
export function IncidentTime({ at, className }: { at: number; className?: string }) {
  const timeZone = useUiStore((state) => state.timeZone);
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={`${formatDateTime(at, 'UTC')} UTC`} data-utc={formatDateTime(at, 'UTC')}>
      {formatDateTime(at, timeZone)}
    </time>
  );
}

export function IncidentWindow({ window }: { window: { fromMs: number; toMs: number } }) {
  return (
    <span className="incident-window mono">
      <IncidentTime at={window.fromMs} /> → <IncidentTime at={window.toMs} />
    </span>
  );
}
