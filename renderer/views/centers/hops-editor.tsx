import { hopSlot, newHop, type FieldErrors, type HopForm } from '../../state/center-form.ts';
import { hopSecretName } from '../../state/secret-names.ts';
import { Field, TextInput } from './form-fields.tsx';
import { SecretField, type VaultBackend } from './secret-field.tsx';

export interface SecretBindings {
  pending: Record<string, string>;
  setPending(slot: string, value: string): void;
  stored: Record<string, VaultBackend>;
  backend: VaultBackend | undefined;
  backendReason: string | null;
}

export interface HopsEditorProps {
  /** Field key prefix: `ssh` or `endpoints.<signal>.ssh`. */
  prefix: string;
  hops: HopForm[];
  onChange(hops: HopForm[]): void;
  errors: FieldErrors;
  secrets: SecretBindings;
  emptyText: string;
  /** Off where a surrounding field already shows the route's own error. */
  showRouteError?: boolean;
}

/** An ordered SSH route: each hop is reached through the ones before it. */
export function HopsEditor({ prefix, hops, onChange, errors, secrets, emptyText, showRouteError = true }: HopsEditorProps) {
  const update = (index: number, patch: Partial<HopForm>) => onChange(hops.map((hop, at) => (at === index ? { ...hop, ...patch } : hop)));
  const remove = (index: number) => onChange(hops.filter((_, at) => at !== index));
  const move = (index: number, by: -1 | 1) => {
    const next = [...hops];
    const [hop] = next.splice(index, 1);
    if (hop) next.splice(index + by, 0, hop);
    onChange(next);
  };
  return (
    <div className="hops" data-testid={`hops-${prefix}`}>
      {showRouteError && errors[prefix] && (
        <span className="field__error" data-testid={`error-${prefix}`}>
          {errors[prefix]}
        </span>
      )}
      {hops.length === 0 && <div className="muted small">{emptyText}</div>}
      {hops.map((hop, index) => {
        const field = `${prefix}.hops.${index}`;
        const slot = hopSlot(hop);
        return (
          <div className="hop" key={hop.uid} data-testid="hop">
            <div className="hop__head">
              <span className="hop__index">hop {index + 1}</span>
              {index > 0 && <span className="muted small">through hop {index}</span>}
              <span className="hop__spacer" />
              <button type="button" className="icon-button icon-button--small" onClick={() => move(index, -1)} disabled={index === 0} aria-label="Move hop up" title="Move up">
                ↑
              </button>
              <button type="button" className="icon-button icon-button--small" onClick={() => move(index, 1)} disabled={index === hops.length - 1} aria-label="Move hop down" title="Move down">
                ↓
              </button>
              <button type="button" className="icon-button icon-button--small" onClick={() => remove(index)} aria-label={`Remove hop ${index + 1}`} title="Remove hop">
                ×
              </button>
            </div>
            <div className="form-grid form-grid--hop">
              <Field label="Host" field={`${field}.host`} errors={errors}>
                <TextInput field={`${field}.host`} errors={errors} value={hop.host} onChange={(host) => update(index, { host })} placeholder="bastion.example.com" />
              </Field>
              <Field label="Port" field={`${field}.port`} errors={errors}>
                <TextInput field={`${field}.port`} errors={errors} value={hop.port} onChange={(port) => update(index, { port })} inputMode="numeric" placeholder="22" />
              </Field>
              <Field label="User" field={`${field}.user`} errors={errors}>
                <TextInput field={`${field}.user`} errors={errors} value={hop.user} onChange={(user) => update(index, { user })} placeholder="ops" />
              </Field>
              <SecretField
                label="Private key"
                slot={slot}
                field={`${field}.key`}
                errors={errors}
                name={hop.key}
                generatedName={hopSecretName(hop.host)}
                value={secrets.pending[slot] ?? ''}
                onValue={(value) => secrets.setPending(slot, value)}
                onName={(key) => update(index, { key })}
                multiline
                storedIn={secrets.stored[slot]}
                backend={secrets.backend}
                backendReason={secrets.backendReason}
              />
            </div>
            {!hop.key && !secrets.pending[slot] && <div className="muted small">No key: the SSH agent ($SSH_AUTH_SOCK) is used.</div>}
          </div>
        );
      })}
      <button type="button" className="button button--small" onClick={() => onChange([...hops, newHop()])} data-testid={`add-hop-${prefix}`}>
        + Add hop
      </button>
    </div>
  );
}
