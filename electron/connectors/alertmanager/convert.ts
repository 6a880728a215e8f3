import type { AlertRecord } from '../../../shared/domain/records.ts';
import { parseRfc3339 } from '../rfc3339.ts';
import type { GettableAlert } from './api-schema.ts';

/** Go's zero time ("0001-01-01T00:00:00Z") and anything before 1970 mean "not set". */
function epochOrNull(text: string): number | null {
  const value = parseRfc3339(text);
  return value === null || value <= 0 ? null : value;
}

export function convertAlert(centerId: string, alert: GettableAlert): AlertRecord {
  return {
    centerId,
    fingerprint: alert.fingerprint,
    alertName: alert.labels.alertname ?? '',
    state: alert.status.state,
    severity: alert.labels.severity ?? null,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: epochOrNull(alert.startsAt) ?? 0,
    endsAt: epochOrNull(alert.endsAt),
    updatedAt: epochOrNull(alert.updatedAt) ?? epochOrNull(alert.startsAt) ?? 0,
  };
}
