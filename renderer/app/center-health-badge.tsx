import { formatAgo, formatClock } from '../format/time.ts';
import { centerHealthLabel, type CenterHealth } from '../state/center-health.ts';
import '../styles/center-health.css';

/** `live`, `stale since 12:03`, `unreachable`, `needs sign-in`, `connecting`; the reason is shown apart. */
export function CenterHealthBadge({ health, now, timeZone }: { health: CenterHealth; now: number; timeZone: string }) {
  const since = health.since !== null ? `${formatClock(health.since, timeZone)} (${formatAgo(health.since, now)})` : null;
  const text = health.state === 'stale' && since ? `stale since ${since}` : centerHealthLabel[health.state];
  const title = [health.reason, health.state !== 'stale' && since ? `last full sync ${since}` : null].filter(Boolean).join('\n');
  return (
    <span className={`health health--${health.state}`} data-testid="center-health" data-health={health.state} title={title || undefined}>
      {text}
      {health.backfill !== null && (
        <span
          className="health__backfill"
          role="progressbar"
          aria-label="Backfill"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(health.backfill * 100)}
          data-testid="backfill-progress"
          title={`Backfill ${Math.round(health.backfill * 100)}%`}
        >
          <span style={{ width: `${Math.round(health.backfill * 100)}%` }} />
        </span>
      )}
      {health.backfill !== null && <span className="health__backfill-figure">backfill {Math.round(health.backfill * 100)}%</span>}
    </span>
  );
}

