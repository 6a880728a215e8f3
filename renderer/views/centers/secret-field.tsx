import type { FieldErrors } from '../../state/center-form.ts';
import { Field, inputClass } from './form-fields.tsx';

export type VaultBackend = 'keychain' | 'memory';

export interface SecretFieldProps {
  label: string;
  /** Pending-value key (`endpoint:metrics`, `hop:<uid>`). */
  slot: string;
  /** Form field key of the entry name. */
  field: string;
  errors: FieldErrors;
  /** Entry name the form holds. */
  name: string;
  generatedName: string;
  /** What the user typed and has not been stored yet; never filled from anywhere else. */
  value: string;
  onValue(value: string): void;
  onName(name: string): void;
  /** PEM keys span lines: a masked textarea keeps their line breaks. */
  multiline?: boolean;
  /** Where the last store put it, after `secrets:set` answered. */
  storedIn: VaultBackend | undefined;
  /** Where a store would go now (`secrets:status`). */
  backend: VaultBackend | undefined;
  backendReason: string | null;
}

function StoreNote({ storedIn, backend, backendReason, pending, name }: { storedIn: VaultBackend | undefined; backend: VaultBackend | undefined; backendReason: string | null; pending: boolean; name: string }) {
  if (storedIn && !pending) {
    return storedIn === 'keychain' ? (
      <span className="secret-note secret-note--ok" data-testid="secret-stored">
        ✓ Stored in the keychain as <span className="mono">{name}</span>
      </span>
    ) : (
      <span className="secret-note secret-note--warn" data-testid="secret-stored">
        ⚠ Stored as <span className="mono">{name}</span> in memory only, until OpsDesk quits{backendReason ? ` (${backendReason})` : ''}
      </span>
    );
  }
  if (pending) {
    return backend === 'memory' ? (
      <span className="secret-note secret-note--warn" data-testid="secret-pending">
        ⚠ No keychain: on save this lives in memory only until OpsDesk quits
      </span>
    ) : (
      <span className="secret-note" data-testid="secret-pending">
        On save this goes to the keychain; only its name is written to the config
      </span>
    );
  }
  return name ? (
    <span className="secret-note" data-testid="secret-ref">
      Uses keychain entry <span className="mono">{name}</span>; type to replace its value
    </span>
  ) : null;
}

/**
 * A write-only secret: the value box is never pre-filled and is cleared once `secrets:set` stored it;
 * the config keeps only the entry name (generated unless one is given).
 */
export function SecretField(props: SecretFieldProps) {
  const { label, slot, field, errors, name, generatedName, value, onValue, onName, multiline = false } = props;
  const pending = value.length > 0;
  const placeholder = name ? '•••••• stored — type to replace' : `type the ${label.toLowerCase()}`;
  const common = {
    className: `${inputClass(errors, field)} secret-input`,
    value,
    placeholder,
    autoComplete: 'new-password',
    spellCheck: false,
    'data-testid': `secret-${slot}`,
    'aria-label': `${label} (write-only)`,
  } as const;
  return (
    <div className="secret-field field--wide" data-slot={slot}>
      <div className="secret-field__row">
        <Field label={`${label} (write-only)`} field={`${field}.value`} errors={{}}>
          {multiline ? (
            <textarea {...common} className={`${common.className} secret-input--multiline`} rows={pending ? 4 : 1} onChange={(event) => onValue(event.target.value)} />
          ) : (
            <input {...common} type="password" onChange={(event) => onValue(event.target.value)} />
          )}
        </Field>
        <Field label="Keychain entry" field={field} errors={errors}>
          <input
            className={inputClass(errors, field)}
            type="text"
            value={name}
            placeholder={generatedName}
            onChange={(event) => onName(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            data-testid={`field-${field}`}
          />
        </Field>
      </div>
      <StoreNote storedIn={props.storedIn} backend={props.backend} backendReason={props.backendReason} pending={pending} name={name || generatedName} />
    </div>
  );
}
