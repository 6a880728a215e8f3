import type { ReactNode } from 'react';
import type { FieldErrors } from '../../state/center-form.ts';

export interface FieldProps {
  label: string;
  /** Form field key: errors are looked up by it and the control's test id is `field-<key>`. */
  field: string;
  errors: FieldErrors;
  hint?: ReactNode;
  /** The whole row. */
  wide?: boolean;
  /** Columns of the 4-column form grid. */
  span?: 2 | 3;
  children: ReactNode;
}

/** A labelled control with its inline error (from the shared schema or the file rules). */
export function Field({ label, field, errors, hint, wide = false, span, children }: FieldProps) {
  const error = errors[field];
  return (
    <label className={`field${wide ? ' field--wide' : ''}${span ? ` field--span${span}` : ''}`}>
      <span className="field__label">{label}</span>
      {children}
      {error ? (
        <span className="field__error" data-testid={`error-${field}`} role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="field__hint">{hint}</span>
      )}
    </label>
  );
}

export function inputClass(errors: FieldErrors, field: string): string {
  return errors[field] ? 'input input--invalid' : 'input';
}

export interface TextInputProps {
  field: string;
  errors: FieldErrors;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  readOnly?: boolean;
  inputMode?: 'numeric' | 'text' | 'url';
  autoFocus?: boolean;
}

export function TextInput({ field, errors, value, onChange, placeholder, readOnly, inputMode, autoFocus }: TextInputProps) {
  return (
    <input
      className={inputClass(errors, field)}
      type="text"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      placeholder={placeholder}
      readOnly={readOnly}
      inputMode={inputMode}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={Boolean(errors[field])}
      data-testid={`field-${field}`}
      autoFocus={autoFocus}
    />
  );
}

export function Select<T extends string>({
  field,
  errors,
  value,
  options,
  onChange,
}: {
  field: string;
  errors: FieldErrors;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <select
      className={inputClass(errors, field)}
      value={value}
      onChange={(event) => onChange(event.target.value as T)}
      aria-invalid={Boolean(errors[field])}
      data-testid={`field-${field}`}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
