import { isSshLogKind, kindsBySignal } from '../../../shared/config/centers-config.ts';
import type { Signal } from '../../../shared/domain/records.ts';
import { authTypeLabels, authTypes, endpointSlot, errorsUnder, type AuthType, type EndpointForm, type FieldErrors, type SshMode } from '../../state/center-form.ts';
import { endpointSecretName } from '../../state/secret-names.ts';
import { Field, Select, TextInput } from './form-fields.tsx';
import { HopsEditor, type SecretBindings } from './hops-editor.tsx';
import { SecretField } from './secret-field.tsx';

const signalTitles: Partial<Record<Signal, string>> = { metrics: 'Metrics', kubernetes: 'Kubernetes', alerts: 'Alerts' };
const urlHints: Partial<Record<Signal, string>> = {
  metrics: 'https://prometheus.example.com',
  kubernetes: 'https://k8s-api.example.com:6443',
  alerts: 'https://alertmanager.example.com',
};
const sshModes: readonly { value: SshMode; label: string }[] = [
  { value: 'inherit', label: 'Inherit the center’s route' },
  { value: 'none', label: 'None (direct)' },
  { value: 'hops', label: 'Own route (hops)' },
];

export interface EndpointEditorProps {
  signal: Signal;
  centerId: string;
  endpoint: EndpointForm;
  onChange(patch: Partial<EndpointForm>): void;
  errors: FieldErrors;
  secrets: SecretBindings;
  profiles: readonly string[];
  centerHasRoute: boolean;
}

export function EndpointEditor({ signal, centerId, endpoint, onChange, errors, secrets, profiles, centerHasRoute }: EndpointEditorProps) {
  const field = `endpoints.${signal}`;
  const problems = errorsUnder(errors, field).length;
  const slot = endpointSlot(signal);
  const secretLabel = endpoint.authType === 'token' ? 'Token' : endpoint.authType === 'basic' ? 'Password' : 'Client key (PEM)';
  return (
    <fieldset className={endpoint.enabled ? 'endpoint endpoint--enabled' : 'endpoint'} data-testid={`endpoint-${signal}`}>
      <legend className="endpoint__legend">
        <label className="endpoint__toggle">
          <input type="checkbox" checked={endpoint.enabled} onChange={(event) => onChange({ enabled: event.target.checked })} data-testid={`field-${field}.enabled`} />
          <span className="endpoint__title">{signalTitles[signal] ?? signal}</span>
        </label>
        {!endpoint.enabled && <span className="muted small">not pulled</span>}
        {endpoint.enabled && problems > 0 && <span className="badge badge--error">{problems} to fix</span>}
      </legend>
      {endpoint.enabled && (
        <div className="form-grid">
          <Field label="Kind" field={`${field}.kind`} errors={errors}>
            <Select
              field={`${field}.kind`}
              errors={errors}
              value={endpoint.kind}
              options={kindsBySignal[signal].map((kind) => ({ value: kind, label: kind }))}
              onChange={(kind) => onChange({ kind })}
            />
          </Field>
          {isSshLogKind(endpoint.kind) ? (
            <Field
              label={endpoint.kind === 'ssh-journal' ? 'Units' : 'Files'}
              field={`${field}.sources`}
              errors={errors}
              span={3}
              hint={endpoint.kind === 'ssh-journal' ? 'systemd units, comma-separated; empty reads the whole journal of the route’s last hop' : 'absolute paths on the route’s last hop, comma-separated'}
            >
              <TextInput
                field={`${field}.sources`}
                errors={errors}
                value={endpoint.sources}
                onChange={(sources) => onChange({ sources })}
                placeholder={endpoint.kind === 'ssh-journal' ? 'checkout.service, nginx.service' : '/var/log/app.log'}
              />
            </Field>
          ) : (
            <Field label="URL" field={`${field}.url`} errors={errors} span={3}>
              <TextInput field={`${field}.url`} errors={errors} value={endpoint.url} onChange={(url) => onChange({ url })} placeholder={urlHints[signal]} inputMode="url" />
            </Field>
          )}
          {!isSshLogKind(endpoint.kind) && (
          <Field label="Auth" field={`${field}.authType`} errors={errors}>
            <Select<AuthType>
              field={`${field}.authType`}
              errors={errors}
              value={endpoint.authType}
              options={authTypes.map((type) => ({ value: type, label: authTypeLabels[type] }))}
              onChange={(authType) => onChange({ authType })}
            />
          </Field>
          )}
          <Field label="Timeout (ms)" field={`${field}.timeoutMs`} errors={errors}>
            <TextInput field={`${field}.timeoutMs`} errors={errors} value={endpoint.timeoutMs} onChange={(timeoutMs) => onChange({ timeoutMs })} placeholder="15000" inputMode="numeric" />
          </Field>
          <Field label="SSH route" field={`${field}.ssh`} errors={errors} span={2} hint={endpoint.sshMode === 'inherit' ? (centerHasRoute ? 'Through the center’s hops' : 'The center has no route: direct') : undefined}>
            <Select field={`${field}.sshMode`} errors={errors} value={endpoint.sshMode} options={sshModes} onChange={(sshMode) => onChange({ sshMode })} />
          </Field>
          {endpoint.authType === 'sso' && (
            <Field
              label="Sign-in profile"
              span={2}
              field={`${field}.profile`}
              errors={errors}
              hint={profiles.length ? undefined : 'No profile under signIn: in the config file yet'}
            >
              {profiles.length ? (
                <Select
                  field={`${field}.profile`}
                  errors={errors}
                  value={endpoint.profile}
                  options={[{ value: '', label: 'Choose a profile…' }, ...profiles.map((profile) => ({ value: profile, label: profile }))]}
                  onChange={(profile) => onChange({ profile })}
                />
              ) : (
                <TextInput field={`${field}.profile`} errors={errors} value={endpoint.profile} onChange={(profile) => onChange({ profile })} placeholder="corp" />
              )}
            </Field>
          )}
          {endpoint.authType === 'basic' && (
            <Field label="Username" field={`${field}.username`} errors={errors} span={2}>
              <TextInput field={`${field}.username`} errors={errors} value={endpoint.username} onChange={(username) => onChange({ username })} />
            </Field>
          )}
          {endpoint.authType === 'mtls' && (
            <Field label="Client certificate file (PEM)" field={`${field}.certFile`} errors={errors} span={2}>
              <TextInput field={`${field}.certFile`} errors={errors} value={endpoint.certFile} onChange={(certFile) => onChange({ certFile })} placeholder="/etc/opsdesk/client.crt" />
            </Field>
          )}
          {!isSshLogKind(endpoint.kind) && (
            <Field label="CA file (PEM)" field={`${field}.caFile`} errors={errors} hint="Private CA that signs the endpoint’s certificate" span={2}>
              <TextInput field={`${field}.caFile`} errors={errors} value={endpoint.caFile} onChange={(caFile) => onChange({ caFile })} placeholder="system trust store" />
            </Field>
          )}
          {(endpoint.authType === 'token' || endpoint.authType === 'basic' || endpoint.authType === 'mtls') && (
            <SecretField
              label={secretLabel}
              slot={slot}
              field={`${field}.secret`}
              errors={errors}
              name={endpoint.secret}
              generatedName={endpointSecretName(centerId, signal, endpoint.authType) ?? ''}
              value={secrets.pending[slot] ?? ''}
              onValue={(value) => secrets.setPending(slot, value)}
              onName={(secret) => onChange({ secret })}
              multiline={endpoint.authType === 'mtls'}
              storedIn={secrets.stored[slot]}
              backend={secrets.backend}
              backendReason={secrets.backendReason}
            />
          )}
          {endpoint.sshMode === 'hops' && (
            <div className="field--wide">
              <HopsEditor
                prefix={`${field}.ssh`}
                hops={endpoint.hops}
                onChange={(hops) => onChange({ hops })}
                errors={errors}
                secrets={secrets}
                emptyText="Add at least one hop."
                showRouteError={false}
              />
            </div>
          )}
        </div>
      )}
    </fieldset>
  );
}
