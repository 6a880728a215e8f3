import type { SchedulerReasonCode } from './diagnosis-schema.ts';

/**
 * Reads kube-scheduler's FailedScheduling messages, e.g.
 * `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`
 * The texts are those of the scheduler's framework plugins (NodeResourcesFit, TaintToleration,
 * NodeAffinity, VolumeBinding, VolumeRestrictions, NodeUnschedulable, InterPodAffinity,
 * PodTopologySpread, NodePorts), old and new wordings both.
 */

export interface SchedulerReason {
  code: SchedulerReasonCode;
  /** Nodes rejected for this reason, when the message counts them. */
  nodeCount: number | null;
  /** The fragment read. */
  text: string;
  /** The claim, taint or resource the reason names. */
  subject: string | null;
}

export interface ParsedSchedulerMessage {
  /** `0/N nodes are available` */
  totalNodes: number | null;
  reasons: SchedulerReason[];
  /** Whether preemption could help (`No preemption victims found` / `Preemption is not helpful`), when said. */
  preemption: string | null;
}

interface Rule {
  code: SchedulerReasonCode | ((match: RegExpExecArray) => SchedulerReasonCode);
  pattern: RegExp;
  subject?: (match: RegExpExecArray) => string | null;
}

const count = String.raw`(?:(\d+) )?`;

const rules: Rule[] = [
  { code: 'missing-pvc', pattern: /persistentvolumeclaim "([^"]+)" not found/g, subject: (m) => m[1] ?? null },
  { code: 'pvc-deleting', pattern: /persistentvolumeclaim "([^"]+)" is being deleted/g, subject: (m) => m[1] ?? null },
  { code: 'unbound-pvc', pattern: /pod has unbound immediate PersistentVolumeClaims/g },
  {
    code: 'untolerated-taint',
    pattern: new RegExp(String.raw`${count}node\(s\) had (?:untolerated taint \{([^}]*)\}|taints? \{([^}]*)\}, that the pod didn't tolerate)`, 'g'),
    subject: (m) => (m[2] ?? m[3] ?? '').trim() || null,
  },
  {
    code: (m) => {
      const resource = m[2] ?? '';
      return resource === 'cpu' ? 'insufficient-cpu' : resource === 'memory' ? 'insufficient-memory' : resource === 'ephemeral-storage' ? 'insufficient-ephemeral-storage' : resource === 'pods' ? 'too-many-pods' : 'insufficient-resource';
    },
    pattern: new RegExp(String.raw`${count}Insufficient ([A-Za-z0-9./_-]*[A-Za-z0-9_-])`, 'g'),
    subject: (m) => m[2] ?? null,
  },
  { code: 'too-many-pods', pattern: new RegExp(String.raw`${count}Too many pods`, 'g') },
  { code: 'node-affinity', pattern: new RegExp(String.raw`${count}node\(s\) didn't match (?:Pod's node affinity/selector|Pod's node affinity|node selector)`, 'g') },
  { code: 'volume-node-affinity', pattern: new RegExp(String.raw`${count}node\(s\) had volume node affinity conflict`, 'g') },
  { code: 'node-unschedulable', pattern: new RegExp(String.raw`${count}node\(s\) (?:were|was) unschedulable`, 'g') },
  { code: 'pod-anti-affinity', pattern: new RegExp(String.raw`${count}node\(s\) didn't (?:match pod anti-affinity rules|satisfy existing pods anti-affinity rules)`, 'g') },
  { code: 'pod-affinity', pattern: new RegExp(String.raw`${count}node\(s\) didn't match pod affinity rules`, 'g') },
  { code: 'topology-spread', pattern: new RegExp(String.raw`${count}node\(s\) didn't match pod topology spread constraints(?: \(missing required label\))?`, 'g') },
  { code: 'node-ports', pattern: new RegExp(String.raw`${count}node\(s\) didn't have free ports for the requested pod ports`, 'g') },
];

/** Split off the preemption postscript the scheduler appends since Kubernetes 1.23. */
function splitPreemption(message: string): { body: string; preemption: string | null } {
  const index = message.search(/\.?\s*preemption: /);
  if (index < 0) return { body: message, preemption: null };
  const preemption = message.slice(index).replace(/^\.?\s*preemption: /, '').trim();
  return { body: message.slice(0, index), preemption };
}

export function parseSchedulerMessage(message: string): ParsedSchedulerMessage {
  const { body, preemption } = splitPreemption(message.trim());
  const header = /^0\/(\d+) nodes are available:?\s*/.exec(body);
  const totalNodes = header ? Number(header[1]) : null;
  // Older schedulers end the list with a period and no preemption postscript.
  const rest = (header ? body.slice(header[0].length) : body).replace(/\.\s*$/, '');
  const found: Array<SchedulerReason & { at: number }> = [];
  let leftover = rest;
  for (const rule of rules) {
    for (const match of rest.matchAll(rule.pattern)) {
      const at = match.index ?? 0;
      const execMatch = match as unknown as RegExpExecArray;
      found.push({
        at,
        code: typeof rule.code === 'function' ? rule.code(execMatch) : rule.code,
        nodeCount: rule.pattern.source.startsWith(count) && match[1] !== undefined ? Number(match[1]) : null,
        text: match[0],
        subject: rule.subject?.(execMatch) ?? null,
      });
      leftover = leftover.replace(match[0], '');
    }
  }
  // Whatever no rule read (a plugin or wording this version does not know) is kept, not dropped.
  const unread = leftover.replace(/[.,\s]+/g, ' ').trim();
  if (unread !== '') found.push({ at: rest.length, code: 'unknown', nodeCount: null, text: unread, subject: null });
  found.sort((a, b) => a.at - b.at);
  return { totalNodes, reasons: found.map(({ at: _at, ...reason }) => reason), preemption };
}
