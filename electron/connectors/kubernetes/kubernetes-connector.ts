import type { z } from 'zod';
import type { Connector, HealthResult, PullRequest, PullResult } from '../../../shared/domain/connector.ts';
import type { Endpoint } from '../../../shared/domain/records.ts';
import { ConnectorError, errorFactory } from '../errors.ts';
import { probeHealth } from '../health.ts';
import { createJsonHttpClient, type HttpOptions, type JsonHttpClient } from '../http.ts';
import { validateAnswer } from '../validation.ts';
import { eventSchema, listSchema, nodeSchema, podSchema, readKubernetesStatus, versionSchema } from './api-schema.ts';
import { convertContainers, convertEvent, convertNode, convertPod } from './convert.ts';

export interface KubernetesConnectorOptions extends HttpOptions {
  /** Items per list request (`limit`); the rest follows through `continue` tokens. Default 500. */
  pageSize?: number;
}

export const defaultPageSize = 500;

/** Safety net against a server that hands out continue tokens forever. */
const maxPages = 10_000;

/**
 * Lists a collection page by page (`limit` + `continue`). When a continue token expires mid-way
 * (410 Gone, the listing took longer than etcd's compaction window), the listing restarts once
 * from the beginning, as kubectl and client-go do.
 */
export async function listAll<Item extends z.ZodType>(
  http: JsonHttpClient,
  path: string,
  item: Item,
  pageSize: number,
): Promise<Array<z.output<Item>>> {
  const schema = listSchema(item);
  for (let attempt = 0; ; attempt++) {
    const items: Array<z.output<Item>> = [];
    const followed = new Set<string>();
    let token: string | undefined;
    try {
      for (let page = 0; page < maxPages; page++) {
        const answer = await http.requestJson({ method: 'GET', path, query: { limit: String(pageSize), continue: token } });
        const list = validateAnswer(schema, answer.body, answer.fail);
        items.push(...list.items);
        token = list.metadata?.continue || undefined;
        if (!token) return items;
        if (followed.has(token)) throw answer.fail('malformed', 'metadata.continue repeats a token already followed; the listing would never end');
        followed.add(token);
      }
      throw errorFactory(http.endpoint, `GET ${path}`)('malformed', `more than ${maxPages} pages of ${pageSize}; giving up`);
    } catch (error) {
      const expired = error instanceof ConnectorError && error.status === 410 && token !== undefined;
      if (!expired || attempt > 0) throw error;
    }
  }
}

export function createKubernetesConnector(endpoint: Endpoint, options: KubernetesConnectorOptions = {}): Connector {
  const http = createJsonHttpClient(endpoint, { ...options, remoteError: readKubernetesStatus });
  const pageSize = options.pageSize ?? defaultPageSize;

  async function pull(request: PullRequest): Promise<PullResult> {
    const [nodes, pods, events] = await Promise.all([
      listAll(http, '/api/v1/nodes', nodeSchema, pageSize),
      listAll(http, '/api/v1/pods', podSchema, pageSize),
      listAll(http, '/api/v1/events', eventSchema, pageSize),
    ]);
    const centerId = request.centerId;
    return {
      kind: 'inventory',
      snapshot: {
        nodes: nodes.map((node) => convertNode(centerId, node)),
        pods: pods.map((pod) => convertPod(centerId, pod)),
        containers: pods.flatMap((pod) => convertContainers(centerId, pod)),
        events: events.map((event) => convertEvent(centerId, event)),
      },
    };
  }

  /** Version from /version (gitVersion), else liveness from /healthz. */
  function health(): Promise<HealthResult> {
    return probeHealth(
      http,
      async () => {
        const answer = await http.requestJson({ method: 'GET', path: '/version' });
        const version = validateAnswer(versionSchema, answer.body, answer.fail);
        return { ok: true, latencyMs: answer.latencyMs, version: version.gitVersion };
      },
      '/healthz',
    );
  }

  return { kind: 'kubernetes', capabilities: ['kubernetes'], health, pull };
}
