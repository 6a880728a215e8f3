import { z } from 'zod';
import type { CenterConfig } from '../../../shared/config/centers-config.ts';
import type { ConnectorKind, EndpointAuth, Signal } from '../../../shared/domain/records.ts';
import { emptyPlan, slug, type ImportPlan } from './import-plan.ts';
import { parseYamlWithSchema } from './yaml-schema.ts';

const datasourceSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().min(1),
  url: z.string().url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL').optional(),
  basicAuth: z.boolean().optional(),
  basicAuthUser: z.string().optional(),
  jsonData: z.record(z.string(), z.unknown()).default({}),
  secureJsonData: z.record(z.string(), z.string()).default({}),
});

const provisioningSchema = z.looseObject({
  apiVersion: z.literal(1),
  datasources: z.array(datasourceSchema).default([]),
});

/** Grafana data-source types OpsDesk reads, with the signal each serves. */
const supported: Record<string, { signal: Signal; kind: ConnectorKind }> = {
  prometheus: { signal: 'metrics', kind: 'prometheus' },
  alertmanager: { signal: 'alerts', kind: 'alertmanager' },
  loki: { signal: 'logs', kind: 'loki' },
  tempo: { signal: 'traces', kind: 'tempo' },
  jaeger: { signal: 'traces', kind: 'jaeger' },
};

/**
 * Grafana data-source provisioning (apiVersion 1) becomes the endpoints of one center. Passwords and
 * bearer headers go to the keychain plan.
 */
export function importGrafanaDatasources(text: string, file: string, center: { id: string; name: string; kind: 'on-prem' | 'cloud' }): ImportPlan {
  const provisioning = parseYamlWithSchema(text, file, provisioningSchema);
  const plan = emptyPlan();
  const endpoints: CenterConfig['endpoints'] = {};
  for (const datasource of provisioning.datasources) {
    const source = `data source "${datasource.name}" (${datasource.type})`;
    const target = supported[datasource.type];
    if (!target) {
      plan.skipped.push({ source, reason: `type ${datasource.type} is not a source OpsDesk reads` });
      continue;
    }
    if (!datasource.url) {
      plan.skipped.push({ source, reason: 'has no url' });
      continue;
    }
    if (endpoints[target.signal]) {
      plan.skipped.push({ source, reason: `the center already has a ${target.signal} endpoint from an earlier data source` });
      continue;
    }
    const secretBase = `${slug(center.id)}-${slug(datasource.name)}`;
    let auth: EndpointAuth | undefined;
    const headerName = datasource.jsonData.httpHeaderName1;
    const headerValue = datasource.secureJsonData.httpHeaderValue1;
    if (datasource.basicAuth && datasource.basicAuthUser && datasource.secureJsonData.basicAuthPassword) {
      plan.secrets.push({ key: `basic:${secretBase}`, value: datasource.secureJsonData.basicAuthPassword });
      auth = { type: 'basic', username: datasource.basicAuthUser, secret: `basic:${secretBase}` };
    } else if (typeof headerName === 'string' && headerName.toLowerCase() === 'authorization' && headerValue?.startsWith('Bearer ')) {
      plan.secrets.push({ key: `token:${secretBase}`, value: headerValue.slice('Bearer '.length) });
      auth = { type: 'token', secret: `token:${secretBase}` };
    }
    let caFile: string | undefined;
    if (datasource.secureJsonData.tlsCACert) {
      caFile = `certs/${secretBase}-ca.pem`;
      plan.files.push({ path: caFile, content: datasource.secureJsonData.tlsCACert });
    }
    endpoints[target.signal] = { kind: target.kind, url: datasource.url, ...(auth ? { auth } : {}), ...(caFile ? { caFile } : {}) };
  }
  if (Object.keys(endpoints).length > 0) {
    plan.centers.push({ id: center.id, name: center.name, kind: center.kind, region: '', labels: { source: 'grafana' }, endpoints });
  }
  return plan;
}
