import { z } from 'zod';
import type { CenterConfig } from '../../../shared/config/centers-config.ts';
import type { EndpointAuth } from '../../../shared/domain/records.ts';
import { emptyPlan, slug, type ImportPlan } from './import-plan.ts';
import { parseYamlWithSchema } from './yaml-schema.ts';

const name = z.string().min(1);

const kubeconfigSchema = z.looseObject({
  apiVersion: z.literal('v1').optional(),
  kind: z.literal('Config').optional(),
  clusters: z
    .array(
      z.looseObject({
          name,
          cluster: z.looseObject({
            server: z.string().url().refine((value) => value.startsWith('https://') || value.startsWith('http://'), 'must be an http(s) URL'),
            'certificate-authority': z.string().optional(),
            'certificate-authority-data': z.string().optional(),
            'insecure-skip-tls-verify': z.boolean().optional(),
          }),
        }),
    )
    .default([]),
  users: z
    .array(
      z.looseObject({
          name,
          user: z.looseObject({
            token: z.string().optional(),
            'client-certificate': z.string().optional(),
            'client-certificate-data': z.string().optional(),
            'client-key': z.string().optional(),
            'client-key-data': z.string().optional(),
            'auth-provider': z.looseObject({ name: z.string(), config: z.record(z.string(), z.string()).default({}) }).optional(),
            exec: z.looseObject({ command: z.string() }).optional(),
          }),
        }),
    )
    .default([]),
  contexts: z.array(z.looseObject({ name, context: z.looseObject({ cluster: z.string(), user: z.string().optional(), namespace: z.string().optional() }) })).default([]),
  'current-context': z.string().optional(),
});

const base64 = (value: string) => Buffer.from(value, 'base64').toString('utf8');
const cloudHost = /\.(eks\.amazonaws\.com|azmk8s\.io)$|container\.googleapis\.com/;

/**
 * kubeconfig contexts become centers with a kubernetes endpoint. Tokens, client keys and OIDC
 * refresh tokens go to the keychain plan; CA and client certificates become files; exec plugins
 * are reported as not supported.
 */
export function importKubeconfig(text: string, file: string, readFile: (path: string) => string): ImportPlan {
  const kubeconfig = parseYamlWithSchema(text, file, kubeconfigSchema);
  const plan = emptyPlan();
  for (const { name: contextName, context } of kubeconfig.contexts) {
    const source = `context "${contextName}"`;
    const cluster = kubeconfig.clusters.find((candidate) => candidate.name === context.cluster)?.cluster;
    if (!cluster) {
      plan.skipped.push({ source, reason: `refers to cluster "${context.cluster}", which the file does not define` });
      continue;
    }
    if (cluster['insecure-skip-tls-verify']) {
      plan.skipped.push({ source, reason: 'uses insecure-skip-tls-verify; OpsDesk verifies TLS (add the cluster CA instead)' });
      continue;
    }
    const id = slug(contextName);
    const user = context.user ? kubeconfig.users.find((candidate) => candidate.name === context.user)?.user : undefined;
    if (context.user && !user) {
      plan.skipped.push({ source, reason: `refers to user "${context.user}", which the file does not define` });
      continue;
    }
    let auth: EndpointAuth = { type: 'none' };
    if (user?.exec) {
      plan.skipped.push({ source, reason: `user "${context.user}" authenticates with the exec plugin "${user.exec.command}", which OpsDesk does not run; use a token, a client certificate or an OIDC sign-in profile` });
      continue;
    } else if (user?.token) {
      plan.secrets.push({ key: `kubernetes-token:${id}`, value: user.token });
      auth = { type: 'token', secret: `kubernetes-token:${id}` };
    } else if (user?.['auth-provider']?.name === 'oidc') {
      const config = user['auth-provider'].config;
      const issuer = config['idp-issuer-url'];
      const clientId = config['client-id'];
      if (!issuer || !clientId) {
        plan.skipped.push({ source, reason: 'the oidc auth-provider lacks idp-issuer-url or client-id' });
        continue;
      }
      const profile = slug(`${context.user}`);
      plan.signIn[profile] = { issuer, clientId, scopes: ['openid', 'profile', 'offline_access'], groupClaim: 'groups' };
      if (config['refresh-token']) plan.secrets.push({ key: `oidc:${profile}:refresh`, value: config['refresh-token'] });
      auth = { type: 'sso', profile };
    } else if (user?.['auth-provider']) {
      plan.skipped.push({ source, reason: `auth-provider "${user['auth-provider'].name}" is not supported (only oidc)` });
      continue;
    } else if (user && (user['client-certificate'] || user['client-certificate-data'])) {
      const key = user['client-key-data'] ? base64(user['client-key-data']) : user['client-key'] ? readFile(user['client-key']) : null;
      if (!key) {
        plan.skipped.push({ source, reason: 'has a client certificate without its key' });
        continue;
      }
      const certFile = `certs/${id}-client.pem`;
      plan.files.push({ path: certFile, content: user['client-certificate-data'] ? base64(user['client-certificate-data']) : readFile(user['client-certificate']!) });
      plan.secrets.push({ key: `client-key:${id}`, value: key });
      auth = { type: 'mtls', certFile, keySecret: `client-key:${id}` };
    }
    let caFile: string | undefined;
    if (cluster['certificate-authority-data']) {
      caFile = `certs/${id}-ca.pem`;
      plan.files.push({ path: caFile, content: base64(cluster['certificate-authority-data']) });
    } else if (cluster['certificate-authority']) caFile = cluster['certificate-authority'];
    const host = new URL(cluster.server).hostname;
    const center: CenterConfig = {
      id,
      name: contextName,
      kind: cloudHost.test(host) ? 'cloud' : 'on-prem',
      region: '',
      labels: { source: 'kubeconfig', ...(context.namespace ? { namespace: context.namespace } : {}) },
      endpoints: { kubernetes: { kind: 'kubernetes', url: cluster.server, ...(auth.type === 'none' ? {} : { auth }), ...(caFile ? { caFile } : {}) } },
    };
    plan.centers.push(center);
  }
  return plan;
}
