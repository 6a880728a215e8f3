import { useMemo } from 'react';
import { CenterTag } from '../../components/center-tag.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useNow } from '../../components/use-now.ts';
import { useCenterIndex } from '../../data/use-centers.ts';
import { useAlerts } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { IncidentTime } from './incident-time.tsx';
import { draftFromAlert, isFiring, orderAlerts } from './timeline-logic.ts';

/** The cached alerts of the selected centers, firing first, each one a click away from an incident. */
export function AlertsPanel() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const draftIncident = useUiStore((state) => state.draftIncident);
  const centers = useCenterIndex();
  const now = useNow(15_000);
  const alerts = useAlerts(centerIds);
  const ordered = useMemo(() => orderAlerts(alerts.data ?? [], now), [alerts.data, now]);
  const firing = ordered.filter((alert) => isFiring(alert, now)).length;

  return (
    <section className="incident-panel" data-testid="alerts-panel" aria-label="Alerts">
      <h3 className="incident-panel__title">
        Alerts <span className="muted small">{alerts.data ? `${firing} firing · ${ordered.length} cached` : ''}</span>
      </h3>
      {alerts.isError ? (
        <ErrorPanel error={alerts.error} compact onRetry={() => void alerts.refetch()} />
      ) : alerts.isPending ? (
        <p className="muted small">Reading alerts from the cache…</p>
      ) : ordered.length === 0 ? (
        <p className="muted small">No alerts in the cache for the selected centers.</p>
      ) : (
        <ul className="alert-list">
          {ordered.slice(0, 50).map((alert) => {
            const on = isFiring(alert, now);
            return (
              <li key={`${alert.centerId}/${alert.fingerprint}`} className="alert-row" data-testid="alert-row" data-alert-name={alert.alertName} data-firing={on}>
                <div className="alert-row__main">
                  <StatusBadge tone={on ? 'error' : 'muted'}>{on ? 'firing' : 'resolved'}</StatusBadge>
                  <span className="alert-row__name">{alert.alertName}</span>
                  <CenterTag centerId={alert.centerId} center={centers.get(alert.centerId)} />
                  {alert.severity && <span className="muted small">{alert.severity}</span>}
                </div>
                <div className="alert-row__meta muted small">
                  since <IncidentTime at={alert.startsAt} />
                  {alert.annotations.summary ? ` · ${alert.annotations.summary}` : ''}
                </div>
                <button
                  type="button"
                  className="button button--small"
                  data-testid="alert-create-incident"
                  title="Create an incident from this alert (window: 30 min before it fired until it resolved)"
                  onClick={() => draftIncident(draftFromAlert(alert, Date.now()))}
                >
                  Create incident
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The header's count of firing alerts; a click opens the Incidents view where each can become an incident. */
export function FiringAlertsChip() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const openIncident = useUiStore((state) => state.openIncident);
  const now = useNow(15_000);
  const alerts = useAlerts(centerIds);
  const firing = (alerts.data ?? []).filter((alert) => isFiring(alert, now));
  if (firing.length === 0) return null;
  return (
    <button
      type="button"
      className="header-button header-button--error"
      data-testid="header-alerts"
      title={`Firing: ${firing.map((alert) => `${alert.alertName} (${alert.centerId})`).join(', ')} — open Incidents`}
      onClick={() => openIncident(null)}
    >
      <span aria-hidden="true">▲</span>
      <span className="header-button__value">
        {firing.length} firing
      </span>
    </button>
  );
}
