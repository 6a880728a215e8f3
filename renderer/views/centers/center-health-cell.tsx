import { useNow } from '../../components/use-now.ts';
import { useSessions } from '../../data/use-sign-in.ts';
import { useSyncStatus } from '../../data/use-sync.ts';
import { CenterHealthBadge } from '../../app/center-health-badge.tsx';
import { deriveCenterHealth, ssoProfilesOf } from '../../state/center-health.ts';
import { useUiStore } from '../../state/ui-store.ts';

/** A Centers table cell: the center's health from its sync statuses and sign-in sessions, with the reason. */
export function CenterHealthCell({ centerId, config }: { centerId: string; config?: Parameters<typeof ssoProfilesOf>[0] }) {
  const status = useSyncStatus();
  const sessions = useSessions();
  const timeZone = useUiStore((state) => state.timeZone);
  const now = useNow(5_000);
  const health = deriveCenterHealth({ centerId, statuses: status.data ?? [], sessions: sessions.data ?? [], ssoProfiles: ssoProfilesOf(config), now });
  return (
    <span data-testid="center-state" data-center={centerId} data-health={health.state}>
      <CenterHealthBadge health={health} now={now} timeZone={timeZone} />
      {health.reason && (
        <span className="health-reason" title={health.reason}>
          {health.reason}
        </span>
      )}
    </span>
  );
}
