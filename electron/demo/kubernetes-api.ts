import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendText, type RequestHandler } from './http-server.ts';
import {
  renderDaemonSet,
  renderDeployment,
  renderEvent,
  renderNamespace,
  renderNode,
  renderPod,
  renderReplicaSet,
  renderStatefulSet,
  resourceVersionAt,
} from './kubernetes-objects.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './kubernetes-selectors.ts';
import { podExistsAt } from './lifecycle.ts';
import type { WorldCenter } from './world-types.ts';

/**
 * A read-only Kubernetes API server over the world: core/v1 nodes, namespaces, pods, events and
 * apps/v1 deployments, replicasets, statefulsets, daemonsets, as lists (with labelSelector,
 * fieldSelector, limit/continue paging) and single objects, with Status objects for errors.
 */

type Json = Record<string, unknown>;

interface Resource {
  plural: string;
  kind: string;
  group: '' | 'apps';
  namespaced: boolean;
  /** Every object at t, rendered. */
  items(center: WorldCenter, t: number): Json[];
  fields: readonly string[];
}

const metadataFields = ['metadata.name', 'metadata.namespace'];

const resources: Resource[] = [
  {
    plural: 'nodes',
    kind: 'Node',
    group: '',
    namespaced: false,
    items: (center, t) => center.nodes.filter((node) => node.createdAt <= t).map((node) => renderNode(center, node, t)),
    fields: ['metadata.name', 'spec.unschedulable'],
  },
  {
    plural: 'namespaces',
    kind: 'Namespace',
    group: '',
    namespaced: false,
    items: (center, t) => center.namespaces.filter((namespace) => namespace.createdAt <= t).map((namespace) => renderNamespace(center, namespace)),
    fields: ['metadata.name', 'status.phase'],
  },
  {
    plural: 'pods',
    kind: 'Pod',
    group: '',
    namespaced: true,
    items: (center, t) => center.pods.filter((pod) => podExistsAt(pod, t)).map((pod) => renderPod(center, pod, t)),
    fields: [...metadataFields, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  },
  {
    plural: 'events',
    kind: 'Event',
    group: '',
    namespaced: true,
    items: (center, t) => center.events.map((event) => renderEvent(center, event, t)).filter((item): item is Json => item !== null),
    fields: [
      ...metadataFields,
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  {
    plural: 'deployments',
    kind: 'Deployment',
    group: 'apps',
    namespaced: true,
    items: (center, t) => center.workloads.filter((w) => w.kind === 'Deployment' && w.createdAt <= t).map((w) => renderDeployment(center, w, t)),
    fields: metadataFields,
  },
  {
    plural: 'replicasets',
    kind: 'ReplicaSet',
    group: 'apps',
    namespaced: true,
    items: (center, t) => center.replicaSets.filter((rs) => rs.createdAt <= t).map((rs) => renderReplicaSet(center, rs, t)),
    fields: metadataFields,
  },
  {
    plural: 'statefulsets',
    kind: 'StatefulSet',
    group: 'apps',
    namespaced: true,
    items: (center, t) => center.workloads.filter((w) => w.kind === 'StatefulSet' && w.createdAt <= t).map((w) => renderStatefulSet(center, w, t)),
    fields: metadataFields,
  },
  {
    plural: 'daemonsets',
    kind: 'DaemonSet',
    group: 'apps',
    namespaced: true,
    items: (center, t) => center.workloads.filter((w) => w.kind === 'DaemonSet' && w.createdAt <= t).map((w) => renderDaemonSet(center, w, t)),
    fields: metadataFields,
  },
];

const continueTokenTtlMs = 5 * 60_000;

class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: Json = {},
  ) {
    super(message);
  }
}

function statusBody(error: StatusError): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: error.message, reason: error.reason, details: error.details, code: error.code };
}

const notFoundPath = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

function field(object: Json, path: string): string {
  if (path === 'source') {
    const source = object.source as { component?: string } | undefined;
    return source?.component ?? '';
  }
  let current: unknown = object;
  for (const part of path.split('.')) current = current && typeof current === 'object' ? (current as Json)[part] : undefined;
  return current === undefined || current === null ? '' : String(current);
}

function keyOf(resource: Resource, item: Json): string {
  const metadata = item.metadata as { name: string; namespace?: string };
  return resource.namespaced ? `${metadata.namespace}/${metadata.name}` : metadata.name;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('unrecognized token');
    return { rv: parsed.rv, start: parsed.start };
  } catch (error) {
    throw new StatusError(400, 'BadRequest', `continue key is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface KubernetesApiOptions {
  center: WorldCenter;
  now: () => number;
}

export function kubernetesVersionInfo(center: WorldCenter): Json {
  const [major, minor] = center.kubernetesVersion.replace(/^v/, '').split('.') as [string, string];
  const eks = center.kubernetesVersion.includes('-eks-');
  return {
    major,
    minor: eks ? `${minor}+` : minor,
    gitVersion: center.kubernetesVersion,
    gitCommit: eks ? '2f46c53ad71edf9c6a8cbf0c6b4f4c6bb1e5f9a4' : 'c4f46e8d0b5e1c1a37c1ec76c4dc24b5f1d5e2f3',
    gitTreeState: 'clean',
    buildDate: eks ? '2024-07-25T04:22:08Z' : '2024-07-17T00:05:13Z',
    goVersion: 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function createKubernetesHandler(options: KubernetesApiOptions): RequestHandler {
  const { center } = options;
  const rvOrigin = Number(resourceVersionAt(center, center.createdAt));

  function snapshotFromRv(rv: number): number {
    return (rv - rvOrigin) * 1000 + center.createdAt;
  }

  function list(resource: Resource, namespace: string | null, params: URLSearchParams): Json {
    const now = options.now();
    const continueText = params.get('continue');
    let snapshot = Math.floor(now / 1000) * 1000;
    let startAfter: string | null = null;
    if (continueText) {
      const token = decodeContinue(continueText);
      snapshot = snapshotFromRv(token.rv);
      startAfter = token.start.replace(/\u0000$/, '');
      if (now - snapshot > continueTokenTtlMs) {
        throw new StatusError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
    }
    const labelSelector = params.get('labelSelector');
    const fieldSelector = params.get('fieldSelector');
    const labelMatch = labelSelector ? parseLabelSelector(labelSelector) : null;
    const fieldMatch = fieldSelector ? parseFieldSelector(fieldSelector, new Set(resource.fields)) : null;
    let items = resource.items(center, snapshot).filter((item) => {
      const metadata = item.metadata as { namespace?: string; labels?: Record<string, string> };
      if (namespace !== null && metadata.namespace !== namespace) return false;
      if (labelMatch && !labelMatch(metadata.labels ?? {})) return false;
      if (fieldMatch && !fieldMatch(Object.fromEntries(resource.fields.map((path) => [path, field(item, path)])))) return false;
      return true;
    });
    items.sort((a, b) => (keyOf(resource, a) < keyOf(resource, b) ? -1 : 1));
    if (startAfter !== null) items = items.filter((item) => keyOf(resource, item) > startAfter!);
    const limit = Number.parseInt(params.get('limit') ?? '', 10);
    const rv = resourceVersionAt(center, snapshot);
    const metadata: Json = { resourceVersion: rv };
    if (Number.isFinite(limit) && limit > 0 && items.length > limit) {
      const page = items.slice(0, limit);
      metadata.continue = encodeContinue({ rv: Number(rv), start: `${keyOf(resource, page.at(-1)!)}\u0000` });
      if (!labelSelector && !fieldSelector) metadata.remainingItemCount = items.length - limit;
      items = page;
    }
    return { kind: `${resource.kind}List`, apiVersion: resource.group ? `${resource.group}/v1` : 'v1', metadata, items };
  }

  function get(resource: Resource, namespace: string | null, name: string): Json {
    const now = options.now();
    const item = resource.items(center, now).find((candidate) => {
      const metadata = candidate.metadata as { name: string; namespace?: string };
      return metadata.name === name && (namespace === null || metadata.namespace === namespace);
    });
    if (!item) {
      throw new StatusError(404, 'NotFound', `${resource.plural}${resource.group ? `.${resource.group}` : ''} "${name}" not found`, {
        name,
        ...(resource.group ? { group: resource.group } : {}),
        kind: resource.plural,
      });
    }
    return { kind: resource.kind, apiVersion: resource.group ? `${resource.group}/v1` : 'v1', ...item };
  }

  function route(url: URL): Json {
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/version') return kubernetesVersionInfo(center);
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
    if (path === '/apis') {
      const version = { groupVersion: 'apps/v1', version: 'v1' };
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [version], preferredVersion: version }] };
    }
    const match = /^\/(?:api\/v1|apis\/(apps)\/v1)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (!match) throw notFoundPath();
    const [, group = '', namespacePart, plural, name] = match as unknown as [string, string | undefined, string | undefined, string, string | undefined];
    // /api/v1/namespaces/<name> names a namespace, not a collection inside one.
    if (!group && namespacePart === undefined && plural === 'namespaces' && name !== undefined) {
      return get(resources.find((resource) => resource.plural === 'namespaces')!, null, decodeURIComponent(name));
    }
    const resource = resources.find((candidate) => candidate.plural === plural && candidate.group === group);
    if (!resource || (namespacePart !== undefined && !resource.namespaced)) throw notFoundPath();
    const namespace = namespacePart === undefined ? null : decodeURIComponent(namespacePart);
    if (name !== undefined) {
      if (resource.namespaced && namespace === null) throw notFoundPath();
      return get(resource, namespace, decodeURIComponent(name));
    }
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') throw new StatusError(400, 'BadRequest', 'the demo center serves lists and gets; watch is not available');
    return list(resource, namespace, url.searchParams);
  }

  return (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) return sendText(response, 200, 'ok');
    try {
      if (request.method !== 'GET') {
        throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      }
      sendJson(response, 200, route(url));
    } catch (error) {
      if (error instanceof SelectorError) return sendJson(response, 400, statusBody(new StatusError(400, 'BadRequest', error.message)));
      if (!(error instanceof StatusError)) throw error;
      sendJson(response, error.code, statusBody(error));
    }
  };
}
