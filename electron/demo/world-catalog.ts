import { cpuMillis, parseQuantity } from './wire-format.ts';
import type { ContainerTemplate, ResourceSpec } from './world-types.ts';

/**
 * What runs in each demo center: namespaces, workloads and their containers with the images,
 * requests/limits and typical usage a real cluster of this kind shows. Pure data; world.ts
 * turns it into nodes, pods and history.
 */

export interface WorkloadSpec {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  replicas: number;
  containers: ContainerTemplate[];
  /** Label key that names the app (k8s-app for kube-system add-ons, app.kubernetes.io/name elsewhere). */
  appLabel: string;
  hostNetwork?: boolean;
  /** DaemonSets that tolerate the control-plane taint. */
  onControlPlane?: boolean;
  /** Nodes carrying this pool label value (opsdesk.io/pool) get these pods. */
  pool?: string;
  priorityClassName?: string;
  volumeClaim?: { name: string; storage: string; storageClassName: string };
  networkBytesPerSecond?: number;
  partOf?: string;
}

interface ContainerOptions {
  request?: [string | null, string | null];
  limit?: [string | null, string | null];
  /** Typical usage: cores and memory working set. */
  use: [number, string];
  port?: [string, number];
}

function resources(pair: [string | null, string | null] | undefined): ResourceSpec {
  const spec: ResourceSpec = {};
  if (pair?.[0]) spec.cpuMillis = cpuMillis(pair[0]);
  if (pair?.[1]) spec.memoryBytes = parseQuantity(pair[1]);
  return spec;
}

export function container(name: string, image: string, options: ContainerOptions): ContainerTemplate {
  return {
    name,
    image,
    ports: options.port ? [{ name: options.port[0], containerPort: options.port[1] }] : [],
    requests: resources(options.request),
    limits: resources(options.limit),
    usageCores: options.use[0],
    usageMemoryBytes: parseQuantity(options.use[1]),
  };
}

const fluentBit = (): ContainerTemplate =>
  container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.0.7', { request: ['10m', '32Mi'], limit: [null, '64Mi'], use: [0.004, '19Mi'] });

const kubeRbacProxy = (name = 'kube-rbac-proxy'): ContainerTemplate =>
  container(name, 'quay.io/brancz/kube-rbac-proxy:v0.18.0', { request: ['10m', '20Mi'], limit: ['20m', '40Mi'], use: [0.001, '14Mi'] });

const configReloader = (): ContainerTemplate =>
  container('config-reloader', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.75.1', {
    request: ['10m', '50Mi'],
    limit: ['10m', '50Mi'],
    use: [0.001, '17Mi'],
  });

function monitoring(): WorkloadSpec[] {
  const partOf = 'kube-prometheus';
  const appLabel = 'app.kubernetes.io/name';
  return [
    {
      kind: 'DaemonSet',
      namespace: 'monitoring',
      name: 'node-exporter',
      replicas: 0,
      appLabel,
      partOf,
      hostNetwork: true,
      onControlPlane: true,
      priorityClassName: 'system-cluster-critical',
      containers: [
        container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.1', {
          request: ['102m', '180Mi'],
          limit: ['250m', '180Mi'],
          use: [0.012, '38Mi'],
          port: ['https', 9100],
        }),
        kubeRbacProxy(),
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'monitoring',
      name: 'prometheus-k8s',
      replicas: 2,
      appLabel,
      partOf,
      networkBytesPerSecond: 2_400_000,
      volumeClaim: { name: 'prometheus-k8s-db', storage: '100Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('prometheus', 'quay.io/prometheus/prometheus:v2.53.1', { request: [null, '400Mi'], use: [0.31, '2.6Gi'], port: ['web', 9090] }),
        configReloader(),
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'monitoring',
      name: 'alertmanager-main',
      replicas: 3,
      appLabel,
      partOf,
      networkBytesPerSecond: 9_000,
      containers: [
        container('alertmanager', 'quay.io/prometheus/alertmanager:v0.27.0', {
          request: ['4m', '100Mi'],
          limit: ['100m', '100Mi'],
          use: [0.002, '31Mi'],
          port: ['web', 9093],
        }),
        configReloader(),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'kube-state-metrics',
      replicas: 1,
      appLabel,
      partOf,
      networkBytesPerSecond: 60_000,
      containers: [
        container('kube-state-metrics', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.12.0', {
          request: ['10m', '190Mi'],
          limit: ['100m', '250Mi'],
          use: [0.018, '72Mi'],
          port: ['http-metrics', 8080],
        }),
        kubeRbacProxy('kube-rbac-proxy-main'),
        kubeRbacProxy('kube-rbac-proxy-self'),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'grafana',
      replicas: 1,
      appLabel,
      partOf,
      networkBytesPerSecond: 25_000,
      containers: [
        container('grafana', 'docker.io/grafana/grafana:11.1.0', { request: ['100m', '100Mi'], limit: ['200m', '200Mi'], use: [0.012, '118Mi'], port: ['http', 3000] }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'prometheus-operator',
      replicas: 1,
      appLabel,
      partOf,
      networkBytesPerSecond: 4_000,
      containers: [
        container('prometheus-operator', 'quay.io/prometheus-operator/prometheus-operator:v0.75.1', {
          request: ['100m', '100Mi'],
          limit: ['200m', '200Mi'],
          use: [0.006, '41Mi'],
          port: ['http', 8080],
        }),
        kubeRbacProxy(),
      ],
    },
  ];
}

interface AppSizes {
  frontend: number;
  cart: number;
  checkout: number;
  catalog: number;
  recommendations: number;
  paymentsApi: number;
  paymentsWorker: number;
  fraudScorer: number;
  ledger: number;
  searchApi: number;
  indexer: number;
  reportsApi: number;
}

function applications(registry: string, tag: (app: string) => string, sizes: AppSizes, withReportsDb: boolean): WorkloadSpec[] {
  const appLabel = 'app.kubernetes.io/name';
  const image = (team: string, app: string) => `${registry}/${team}/${app}:${tag(app)}`;
  const app = (namespace: string, name: string, replicas: number, network: number, containers: ContainerTemplate[]): WorkloadSpec => ({
    kind: 'Deployment',
    namespace,
    name,
    replicas,
    appLabel,
    partOf: namespace,
    networkBytesPerSecond: network,
    containers,
  });
  const specs: WorkloadSpec[] = [
    app('shop', 'frontend', sizes.frontend, 410_000, [
      container('frontend', image('shop', 'frontend'), { request: ['200m', '256Mi'], limit: [null, '512Mi'], use: [0.14, '187Mi'], port: ['http', 8080] }),
      fluentBit(),
    ]),
    app('shop', 'cart', sizes.cart, 150_000, [
      container('cart', image('shop', 'cart'), { request: ['200m', '256Mi'], limit: ['500m', '512Mi'], use: [0.08, '162Mi'], port: ['http', 8080] }),
    ]),
    app('shop', 'checkout', sizes.checkout, 120_000, [
      container('checkout', image('shop', 'checkout'), { request: ['250m', '384Mi'], limit: ['1', '512Mi'], use: [0.11, '205Mi'], port: ['http', 8080] }),
      fluentBit(),
    ]),
    app('shop', 'catalog', sizes.catalog, 260_000, [
      container('catalog', image('shop', 'catalog'), { request: ['300m', '512Mi'], limit: [null, '1Gi'], use: [0.16, '402Mi'], port: ['http', 8080] }),
    ]),
    app('shop', 'recommendations', sizes.recommendations, 90_000, [
      container('recommendations', image('shop', 'recommendations'), {
        request: ['500m', '1Gi'],
        limit: ['2', '2Gi'],
        use: [0.42, '1.1Gi'],
        port: ['grpc', 9000],
      }),
    ]),
    {
      kind: 'StatefulSet',
      namespace: 'shop',
      name: 'cart-redis',
      replicas: 3,
      appLabel,
      partOf: 'shop',
      networkBytesPerSecond: 340_000,
      volumeClaim: { name: 'data', storage: '20Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('redis', 'docker.io/library/redis:7.2.5', { request: ['500m', '1Gi'], limit: ['500m', '1Gi'], use: [0.05, '310Mi'], port: ['redis', 6379] }),
        container('redis-exporter', 'docker.io/oliver006/redis_exporter:v1.61.0', {
          request: ['50m', '64Mi'],
          limit: ['50m', '64Mi'],
          use: [0.002, '12Mi'],
          port: ['metrics', 9121],
        }),
      ],
    },
    app('payments', 'payments-api', sizes.paymentsApi, 95_000, [
      container('payments-api', image('payments', 'payments-api'), {
        request: ['500m', '768Mi'],
        limit: ['500m', '768Mi'],
        use: [0.09, '455Mi'],
        port: ['http', 8443],
      }),
    ]),
    app('payments', 'payments-worker', sizes.paymentsWorker, 40_000, [
      container('payments-worker', image('payments', 'payments-worker'), { request: ['250m', '512Mi'], limit: ['1', '1Gi'], use: [0.07, '390Mi'] }),
      fluentBit(),
    ]),
    app('payments', 'fraud-scorer', sizes.fraudScorer, 30_000, [
      container('fraud-scorer', image('payments', 'fraud-scorer'), { request: ['1', '2Gi'], limit: ['2', '4Gi'], use: [0.61, '2.3Gi'], port: ['grpc', 9000] }),
    ]),
    app('payments', 'ledger', sizes.ledger, 22_000, [
      container('ledger', image('payments', 'ledger'), { request: ['250m', '512Mi'], limit: ['250m', '512Mi'], use: [0.05, '288Mi'], port: ['http', 8080] }),
    ]),
    app('search', 'search-api', sizes.searchApi, 180_000, [
      container('search-api', image('search', 'search-api'), { request: ['300m', '512Mi'], limit: [null, '1Gi'], use: [0.19, '350Mi'], port: ['http', 8080] }),
    ]),
    app('search', 'indexer', sizes.indexer, 650_000, [
      container('indexer', image('search', 'indexer'), { request: ['500m', '1Gi'], limit: ['1', '2Gi'], use: [0.33, '820Mi'] }),
    ]),
    {
      kind: 'StatefulSet',
      namespace: 'search',
      name: 'opensearch',
      replicas: 3,
      appLabel,
      partOf: 'search',
      pool: 'data',
      networkBytesPerSecond: 1_200_000,
      volumeClaim: { name: 'data', storage: '200Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('opensearch', 'docker.io/opensearchproject/opensearch:2.15.0', {
          request: ['2', '8Gi'],
          limit: ['2', '8Gi'],
          use: [0.74, '6.1Gi'],
          port: ['http', 9200],
        }),
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'data',
      name: 'orders-db',
      replicas: 2,
      appLabel,
      partOf: 'data',
      pool: 'data',
      networkBytesPerSecond: 520_000,
      volumeClaim: { name: 'data', storage: '500Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('postgres', 'docker.io/library/postgres:16.3', { request: ['2', '4Gi'], limit: ['2', '4Gi'], use: [0.48, '3.1Gi'], port: ['postgres', 5432] }),
        container('postgres-exporter', 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', {
          request: ['50m', '64Mi'],
          limit: ['50m', '64Mi'],
          use: [0.003, '21Mi'],
          port: ['metrics', 9187],
        }),
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'data',
      name: 'kafka',
      replicas: 3,
      appLabel,
      partOf: 'data',
      pool: 'data',
      networkBytesPerSecond: 2_100_000,
      volumeClaim: { name: 'data', storage: '300Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('kafka', 'docker.io/bitnami/kafka:3.7.0', { request: ['1', '4Gi'], limit: ['2', '4Gi'], use: [0.52, '3.3Gi'], port: ['client', 9092] }),
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'data',
      name: 'zookeeper',
      replicas: 3,
      appLabel,
      partOf: 'data',
      networkBytesPerSecond: 18_000,
      volumeClaim: { name: 'data', storage: '10Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('zookeeper', 'docker.io/bitnami/zookeeper:3.9.2', { request: ['250m', '512Mi'], limit: [null, '1Gi'], use: [0.02, '260Mi'], port: ['client', 2181] }),
      ],
    },
    app('data', 'reports-api', sizes.reportsApi, 35_000, [
      container('reports-api', image('data', 'reports-api'), { request: ['200m', '256Mi'], limit: ['500m', '512Mi'], use: [0.03, '170Mi'], port: ['http', 8080] }),
    ]),
  ];
  if (withReportsDb) {
    specs.push({
      kind: 'StatefulSet',
      namespace: 'data',
      name: 'reports-db',
      replicas: 1,
      appLabel,
      partOf: 'data',
      pool: 'data',
      networkBytesPerSecond: 80_000,
      volumeClaim: { name: 'data', storage: '200Gi', storageClassName: 'fast-ssd' },
      containers: [
        container('postgres', 'docker.io/library/postgres:16.3', { request: ['1', '2Gi'], limit: ['1', '2Gi'], use: [0.12, '1.2Gi'], port: ['postgres', 5432] }),
      ],
    });
  }
  return specs;
}

export interface StaticPodSpec {
  name: string;
  containers: ContainerTemplate[];
}

export interface CenterCatalog {
  namespaces: string[];
  workloads: WorkloadSpec[];
  /** Static pods on every control-plane node (kubeadm clusters). */
  staticPods: StaticPodSpec[];
}

export function seoulCatalog(kubernetesVersion: string): CenterCatalog {
  const k8s = (component: string) => `registry.k8s.io/${component}:${kubernetesVersion}`;
  const kubeSystem: WorkloadSpec[] = [
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'kube-proxy',
      replicas: 0,
      appLabel: 'k8s-app',
      hostNetwork: true,
      onControlPlane: true,
      priorityClassName: 'system-node-critical',
      containers: [container('kube-proxy', k8s('kube-proxy'), { use: [0.004, '27Mi'] })],
    },
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'calico-node',
      replicas: 0,
      appLabel: 'k8s-app',
      hostNetwork: true,
      onControlPlane: true,
      priorityClassName: 'system-node-critical',
      containers: [container('calico-node', 'docker.io/calico/node:v3.27.3', { request: ['250m', null], use: [0.035, '142Mi'] })],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'calico-kube-controllers',
      replicas: 1,
      appLabel: 'k8s-app',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 3_000,
      containers: [container('calico-kube-controllers', 'docker.io/calico/kube-controllers:v3.27.3', { use: [0.003, '31Mi'] })],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'coredns',
      replicas: 2,
      appLabel: 'k8s-app',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 70_000,
      containers: [
        container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.1', {
          request: ['100m', '70Mi'],
          limit: [null, '170Mi'],
          use: [0.006, '24Mi'],
          port: ['dns', 53],
        }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'metrics-server',
      replicas: 1,
      appLabel: 'k8s-app',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 40_000,
      containers: [
        container('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.1', {
          request: ['100m', '200Mi'],
          use: [0.007, '39Mi'],
          port: ['https', 10250],
        }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-controller',
      replicas: 3,
      appLabel: 'app.kubernetes.io/name',
      networkBytesPerSecond: 1_400_000,
      containers: [
        container('controller', 'registry.k8s.io/ingress-nginx/controller:v1.10.1', {
          request: ['100m', '90Mi'],
          use: [0.07, '160Mi'],
          port: ['http', 80],
        }),
      ],
    },
  ];
  const registry = 'harbor.sel.opsdesk.internal';
  const tags: Record<string, string> = { checkout: '1.41.2', frontend: '3.8.1', cart: '2.14.0', catalog: '5.2.3', recommendations: '0.19.4' };
  return {
    namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'monitoring', 'ingress-nginx', 'shop', 'payments', 'search', 'data'],
    workloads: [
      ...kubeSystem,
      ...monitoring(),
      ...applications(registry, (app) => tags[app] ?? '1.7.0', {
        frontend: 6,
        cart: 4,
        checkout: 3,
        catalog: 4,
        recommendations: 2,
        paymentsApi: 3,
        paymentsWorker: 2,
        fraudScorer: 2,
        ledger: 2,
        searchApi: 3,
        indexer: 2,
        reportsApi: 2,
      }, true),
    ],
    staticPods: [
      {
        name: 'etcd',
        containers: [container('etcd', 'registry.k8s.io/etcd:3.5.12-0', { request: ['100m', '100Mi'], use: [0.09, '412Mi'] })],
      },
      {
        name: 'kube-apiserver',
        containers: [container('kube-apiserver', k8s('kube-apiserver'), { request: ['250m', null], use: [0.21, '1.3Gi'] })],
      },
      {
        name: 'kube-controller-manager',
        containers: [container('kube-controller-manager', k8s('kube-controller-manager'), { request: ['200m', null], use: [0.03, '96Mi'] })],
      },
      {
        name: 'kube-scheduler',
        containers: [container('kube-scheduler', k8s('kube-scheduler'), { request: ['100m', null], use: [0.006, '38Mi'] })],
      },
    ],
  };
}

export function ohioCatalog(): CenterCatalog {
  const eksRegistry = '602401143452.dkr.ecr.us-east-2.amazonaws.com';
  const kubeSystem: WorkloadSpec[] = [
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'aws-node',
      replicas: 0,
      appLabel: 'k8s-app',
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [
        container('aws-node', `${eksRegistry}/amazon-k8s-cni:v1.18.2-eksbuild.1`, { request: ['25m', null], use: [0.004, '52Mi'] }),
        container('aws-eks-nodeagent', `${eksRegistry}/amazon/aws-network-policy-agent:v1.1.2-eksbuild.1`, {
          request: ['25m', null],
          use: [0.002, '29Mi'],
        }),
      ],
    },
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'kube-proxy',
      replicas: 0,
      appLabel: 'k8s-app',
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [container('kube-proxy', `${eksRegistry}/eks/kube-proxy:v1.30.0-minimal-eksbuild.3`, { request: ['100m', null], use: [0.003, '25Mi'] })],
    },
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'ebs-csi-node',
      replicas: 0,
      appLabel: 'app',
      priorityClassName: 'system-node-critical',
      containers: [
        container('ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.32.0', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.001, '23Mi'],
        }),
        container('node-driver-registrar', 'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.11.0-eks-1-30-8', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.0005, '9Mi'],
        }),
        container('liveness-probe', 'public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe:v2.13.0-eks-1-30-8', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.0005, '8Mi'],
        }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'coredns',
      replicas: 2,
      appLabel: 'k8s-app',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 60_000,
      containers: [
        container('coredns', `${eksRegistry}/eks/coredns:v1.11.1-eksbuild.9`, {
          request: ['100m', '70Mi'],
          limit: [null, '170Mi'],
          use: [0.005, '21Mi'],
          port: ['dns', 53],
        }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'ebs-csi-controller',
      replicas: 2,
      appLabel: 'app',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 5_000,
      containers: [
        container('ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.32.0', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.001, '34Mi'],
        }),
        container('csi-provisioner', 'public.ecr.aws/eks-distro/kubernetes-csi/external-provisioner:v5.0.1-eks-1-30-8', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.001, '26Mi'],
        }),
        container('csi-attacher', 'public.ecr.aws/eks-distro/kubernetes-csi/external-attacher:v4.6.1-eks-1-30-8', {
          request: ['10m', '40Mi'],
          limit: [null, '256Mi'],
          use: [0.001, '22Mi'],
        }),
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'aws-load-balancer-controller',
      replicas: 2,
      appLabel: 'app.kubernetes.io/name',
      priorityClassName: 'system-cluster-critical',
      networkBytesPerSecond: 8_000,
      containers: [
        container('aws-load-balancer-controller', 'public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1', {
          request: ['100m', '128Mi'],
          limit: ['200m', '500Mi'],
          use: [0.004, '48Mi'],
        }),
      ],
    },
  ];
  const registry = '123456789012.dkr.ecr.us-east-2.amazonaws.com';
  const tags: Record<string, string> = { checkout: '1.41.2', frontend: '3.8.1', cart: '2.14.0', catalog: '5.2.3', recommendations: '0.19.4' };
  return {
    namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'monitoring', 'shop', 'payments', 'search', 'data'],
    workloads: [
      ...kubeSystem,
      ...monitoring(),
      ...applications(registry, (app) => tags[app] ?? '1.7.0', {
        frontend: 8,
        cart: 5,
        checkout: 4,
        catalog: 5,
        recommendations: 3,
        paymentsApi: 5,
        paymentsWorker: 3,
        fraudScorer: 2,
        ledger: 2,
        searchApi: 4,
        indexer: 2,
        reportsApi: 2,
      }, false),
    ],
    staticPods: [],
  };
}
