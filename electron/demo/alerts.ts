import type { Labels, WorldAlert } from './world-types.ts';

/**
 * What Alertmanager holds for the world's alerts at a given instant, following how Prometheus
 * sends them: a firing alert is re-sent every resend delay (1m) with endsAt = send time + 4 ×
 * resend delay; when it resolves, one last send carries endsAt = the resolution time.
 */

export const resendDelayMs = 60_000;
const validForMs = 4 * resendDelayMs;

export interface AlertmanagerAlert {
  alert: WorldAlert;
  fingerprint: string;
  startsAt: number;
  updatedAt: number;
  endsAt: number;
}

const fnvOffset = 14695981039346656037n;
const fnvPrime = 1099511628211n;
const mask64 = (1n << 64n) - 1n;

/** prometheus/common model.LabelSet.Fingerprint(): FNV-1a 64 over sorted name/value pairs, 0xff separated. */
export function labelsFingerprint(labels: Labels): string {
  let hash = fnvOffset;
  const add = (byte: number) => {
    hash ^= BigInt(byte);
    hash = (hash * fnvPrime) & mask64;
  };
  const encoder = new TextEncoder();
  for (const name of Object.keys(labels).sort()) {
    for (const byte of encoder.encode(name)) add(byte);
    add(0xff);
    for (const byte of encoder.encode(labels[name]!)) add(byte);
    add(0xff);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Alerts Alertmanager has received by `now`, resolved ones included (the API filters those). */
export function alertmanagerAlertsAt(alerts: readonly WorldAlert[], now: number): AlertmanagerAlert[] {
  const result: AlertmanagerAlert[] = [];
  for (const alert of alerts) {
    if (now < alert.firingAt) continue;
    const fingerprint = labelsFingerprint(alert.labels);
    if (alert.resolvedAt !== null && now >= alert.resolvedAt) {
      result.push({ alert, fingerprint, startsAt: alert.firingAt, updatedAt: alert.resolvedAt, endsAt: alert.resolvedAt });
      continue;
    }
    const lastSend = alert.firingAt + Math.floor((now - alert.firingAt) / resendDelayMs) * resendDelayMs;
    result.push({ alert, fingerprint, startsAt: alert.firingAt, updatedAt: lastSend, endsAt: lastSend + validForMs });
  }
  return result;
}

/** Windows of the ALERTS series: alertstate="pending" then alertstate="firing". */
export function alertStateWindows(alert: WorldAlert): Array<{ state: 'pending' | 'firing'; from: number; to: number | null }> {
  const windows: Array<{ state: 'pending' | 'firing'; from: number; to: number | null }> = [];
  if (alert.pendingAt < alert.firingAt) windows.push({ state: 'pending', from: alert.pendingAt, to: alert.firingAt });
  windows.push({ state: 'firing', from: alert.firingAt, to: alert.resolvedAt });
  return windows;
}
