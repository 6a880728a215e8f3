import type { HostKeyPrompt, SessionInfoPayload } from '../../shared/contract/channels.ts';

export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
}

/** `centers.yaml:12:9 centers[0].endpoints.metrics.url — must be an http:// or https:// URL` */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.field ? `${where} ${problem.field} — ${problem.message}` : `${where} — ${problem.message}`;
}

/** "45s", "4m 05s", "2h 03m", "3d 4h" for a positive duration. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export type ExpiryTone = 'ok' | 'warn' | 'error' | 'muted';

/** Access-token expiry as a countdown: warns in the last five minutes, says when it has passed. */
export function describeExpiry(expiresAt: number | null, now: number): { text: string; tone: ExpiryTone } {
  if (expiresAt === null) return { text: '—', tone: 'muted' };
  const left = expiresAt - now;
  if (left <= 0) return { text: `expired ${formatDuration(-left)} ago`, tone: 'error' };
  return { text: `in ${formatDuration(left)}`, tone: left < 5 * 60_000 ? 'warn' : 'ok' };
}

export const sessionStateLabels: Record<SessionInfoPayload['state'], string> = {
  'signed-in': 'signed in',
  'needs-sign-in': 'needs sign-in',
  'signed-out': 'signed out',
};

/** Replaces the session of the same profile (or appends it): a push carries one session. */
export function mergeSession(current: readonly SessionInfoPayload[] | undefined, pushed: SessionInfoPayload): SessionInfoPayload[] {
  const list = [...(current ?? [])];
  const index = list.findIndex((session) => session.profileId === pushed.profileId);
  if (index >= 0) list[index] = pushed;
  else list.push(pushed);
  return list;
}

/** Host-key questions in arrival order, each once. */
export function enqueueHostKey(queue: readonly HostKeyPrompt[], prompt: HostKeyPrompt): HostKeyPrompt[] {
  return queue.some((queued) => queued.requestId === prompt.requestId) ? [...queue] : [...queue, prompt];
}

export function dequeueHostKey(queue: readonly HostKeyPrompt[], requestId: string): HostKeyPrompt[] {
  return queue.filter((queued) => queued.requestId !== requestId);
}
