import { diagnosePendingPod, indexPendingInputs } from '../../shared/analysis/pending-pods.ts';
import type { roleChannels } from '../../shared/contract/roles-channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { resolveTimeRange } from '../../shared/time/range.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import { readServiceHealth } from '../services/roles/service-health-reader.ts';
import { ScopeCheck } from './scope-guard.ts';
import type { CoreServices } from './services.ts';

/** Roles and what the role views read; the scope applies here too (these channels check it themselves). */
export function rolesHandlers({ roles, cache, now }: CoreServices): Pick<ChannelHandlers, keyof typeof roleChannels> {
  return {
    'roles:list': () => roles.state(),
    'roles:select': ({ roleId }) => roles.select(roleId),
    'roles:serviceHealth': ({ centerIds, range }) => {
      const check = new ScopeCheck(roles.activeRole());
      let resolved;
      try {
        resolved = resolveTimeRange(range, now());
      } catch (error) {
        throw new ApiFailure('invalid-input', (error as Error).message);
      }
      return readServiceHealth(cache, check.centers(centerIds), resolved.from, resolved.to, now()).filter((health) => check.allowsStrictly(health));
    },
    'analysis:pending': ({ centerIds, namespace }) => {
      const check = new ScopeCheck(roles.activeRole());
      check.namespace(namespace);
      const scopedCenters = check.centers(centerIds);
      // Node use counts every pod on a node, in scope or not; only the totals reach the answer.
      const pods = cache.listPods({ centerIds: scopedCenters });
      const containers = cache.listContainers({ centerIds: scopedCenters });
      const nodes = cache.listNodes({ centerIds: scopedCenters });
      const index = indexPendingInputs({ pods, containers, nodes, events: [] });
      const pending = pods.filter((pod) => pod.phase === 'Pending' && check.allows(pod) && (namespace === undefined || pod.namespace === namespace));
      return pending
        .map((pod) => {
          const events = cache.listEvents({ centerIds: [pod.centerId], namespace: pod.namespace, involvedName: pod.name, limit: 50 });
          return diagnosePendingPod(pod, { pods, containers, nodes, events }, index);
        })
        .filter((diagnosis) => diagnosis !== null)
        .sort((a, b) => (a.pendingSince ?? 0) - (b.pendingSince ?? 0) || a.pod.localeCompare(b.pod));
    },
  };
}
