export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'muted';

export function StatusBadge({ tone, children, title }: { tone: Tone; children: string; title?: string }) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

const errorReasons = new Set([
  'CrashLoopBackOff',
  'OOMKilled',
  'Error',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
  'ContainerCannotRun',
  'Evicted',
  'DeadlineExceeded',
  'FailedScheduling',
  'Unschedulable',
  'NodeLost',
]);
const warnReasons = new Set(['ContainerCreating', 'PodInitializing', 'Pending', 'Terminating', 'NodeNotReady']);

export function reasonTone(reason: string | null | undefined): Tone {
  if (!reason) return 'muted';
  if (errorReasons.has(reason)) return 'error';
  if (warnReasons.has(reason)) return 'warn';
  if (reason === 'Completed') return 'muted';
  return 'info';
}

export function phaseTone(phase: string): Tone {
  switch (phase) {
    case 'Running':
      return 'ok';
    case 'Pending':
      return 'warn';
    case 'Failed':
      return 'error';
    case 'Succeeded':
      return 'muted';
    default:
      return 'muted';
  }
}

export function readyTone(ready: 'True' | 'False' | 'Unknown'): Tone {
  return ready === 'True' ? 'ok' : ready === 'False' ? 'error' : 'warn';
}

export function restartsTone(restarts: number): Tone {
  if (restarts === 0) return 'muted';
  return restarts >= 5 ? 'error' : 'warn';
}

export function Restarts({ count }: { count: number }) {
  const tone = restartsTone(count);
  return <span className={`num num--${tone}`}>{count}</span>;
}
