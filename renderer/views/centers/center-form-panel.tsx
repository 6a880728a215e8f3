import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { describeError } from '../../components/error-panel.tsx';
import { useSaveCenter, useSecretStatus, useSetSecret } from '../../data/use-center-config.ts';
import {
  activeSecretSlots,
  assignSecretNames,
  buildCenterConfig,
  errorsUnder,
  formSignals,
  type CenterForm,
  type EndpointForm,
  type FieldErrors,
} from '../../state/center-form.ts';
import type { Signal } from '../../../shared/domain/records.ts';
import { EndpointEditor } from './endpoint-editor.tsx';
import { Field, Select, TextInput } from './form-fields.tsx';
import { HopsEditor, type SecretBindings } from './hops-editor.tsx';
import type { VaultBackend } from './secret-field.tsx';

export interface CenterFormPanelProps {
  mode: 'add' | 'edit';
  initial: CenterForm;
  existingIds: readonly string[];
  profiles: readonly string[];
  configFile: string | undefined;
  onSaved(centerId: string): void;
  onCancel(): void;
}

interface SubmitError {
  code: string;
  message: string;
  /** Which step failed: storing a secret, or saving the center. */
  step: string;
}

/**
 * Add or edit one center. Checked in the form with the shared schema first; then each typed secret
 * goes to the keychain (`secrets:set`) and only its entry name into the center; then `centers:save`,
 * whose own file-level errors (ConfigError) are shown as they come.
 */
export function CenterFormPanel({ mode, initial, existingIds, profiles, configFile, onSaved, onCancel }: CenterFormPanelProps) {
  const [form, setForm] = useState<CenterForm>(initial);
  /** After the first Save, problems are re-checked on every edit so fixed fields clear at once. */
  const [attempted, setAttempted] = useState(false);
  const [pending, setPendingValues] = useState<Record<string, string>>({});
  const [stored, setStored] = useState<Record<string, VaultBackend>>({});
  const [submitError, setSubmitError] = useState<SubmitError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const vault = useSecretStatus();
  const setSecret = useSetSecret();
  const save = useSaveCenter();

  const secrets: SecretBindings = {
    pending,
    setPending: (slot, value) => {
      setPendingValues((current) => ({ ...current, [slot]: value }));
      if (value) setStored((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== slot)));
    },
    stored,
    backend: vault.data?.backend,
    backendReason: vault.data?.reason ?? null,
  };

  const update = (patch: Partial<CenterForm>) => setForm((current) => ({ ...current, ...patch }));
  const updateEndpoint = (signal: Signal, patch: Partial<EndpointForm>) =>
    setForm((current) => ({ ...current, endpoints: { ...current.endpoints, [signal]: { ...current.endpoints[signal], ...patch } } }));

  const check = (current: CenterForm, typedValues: Record<string, string>) => {
    const typed = new Set(Object.keys(typedValues).filter((slot) => typedValues[slot]));
    const { form: named, writes } = assignSecretNames(current, typed);
    return { named, writes, built: buildCenterConfig(named, { mode, existingIds, profiles }) };
  };
  const errors: FieldErrors = useMemo(() => {
    if (!attempted) return {};
    const { built } = check(form, pending);
    return built.ok ? {} : built.errors;
    // check closes over mode/existingIds/profiles, which are listed.
  }, [attempted, form, pending, mode, existingIds, profiles]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setSubmitError(null);
    setAttempted(true);
    const { named, writes, built } = check(form, pending);
    if (!built.ok) return;
    try {
      for (const write of writes) {
        setBusy(`Storing ${write.label}…`);
        const value = pending[write.slot] ?? '';
        const answer = await setSecret.mutateAsync({ key: write.key, value }).catch((error: unknown) => {
          throw Object.assign(describeError(error), { step: `Storing the ${write.label} as ${write.key} failed` });
        });
        // Stored: the value leaves the form; the center keeps the entry name.
        setPendingValues((current) => ({ ...current, [write.slot]: '' }));
        setStored((current) => ({ ...current, [write.slot]: answer.backend }));
      }
      setForm(named);
      setBusy('Saving…');
      // The saved center joins existingIds before the pane closes: no "exists already" flash meanwhile.
      setAttempted(false);
      await save.mutateAsync(built.config).catch((error: unknown) => {
        setAttempted(true);
        throw Object.assign(describeError(error), { step: `Saving to ${configFile ?? 'the config file'} was refused` });
      });
      onSaved(built.config.id);
    } catch (error) {
      const described = error as Partial<SubmitError>;
      setSubmitError({ code: described.code ?? 'internal', message: described.message ?? String(error), step: described.step ?? 'Saving failed' });
    } finally {
      setBusy(null);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if ((event.ctrlKey || event.metaKey) && (event.key === 'Enter' || event.key === 's')) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      // Esc leaves a field first (keeping the edits); Esc again cancels the form.
      const target = event.target as HTMLElement;
      if (target.matches('input, textarea, select')) {
        target.blur();
        event.currentTarget.focus();
      } else onCancel();
    }
  }

  const problemCount = Object.keys(errors).length;
  const unusedSecrets = Object.keys(pending).filter((slot) => pending[slot] && !activeSecretSlots(form).some((active) => active.slot === slot)).length;

  return (
    <form className="center-form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} tabIndex={-1} noValidate data-testid="center-form" data-mode={mode}>
      <header className="pane__header">
        <div className="pane__heading">
          <span className="detail__kind">{mode === 'add' ? 'New center' : 'Edit center'}</span>
          <h2 className="detail__title">{form.name || form.id || 'Untitled center'}</h2>
        </div>
        <button type="button" className="icon-button" onClick={onCancel} aria-label="Cancel" title="Cancel (Esc)">
          ×
        </button>
      </header>
      <div className="pane__body">
        <section className="form-section">
          <h3 className="detail-section__title">Center</h3>
          <div className="form-grid">
            <Field label="ID" field="id" errors={errors} hint={mode === 'edit' ? 'Fixed: add a new center to rename' : 'lowercase letters, digits, dashes'}>
              <TextInput field="id" errors={errors} value={form.id} onChange={(id) => update({ id })} placeholder="seoul-dc" readOnly={mode === 'edit'} autoFocus={mode === 'add'} />
            </Field>
            <Field label="Name" field="name" errors={errors}>
              <TextInput field="name" errors={errors} value={form.name} onChange={(name) => update({ name })} placeholder="Seoul DC" autoFocus={mode === 'edit'} />
            </Field>
            <Field label="Kind" field="kind" errors={errors}>
              <Select
                field="kind"
                errors={errors}
                value={form.kind}
                options={[
                  { value: 'on-prem', label: 'on-prem' },
                  { value: 'cloud', label: 'cloud' },
                ]}
                onChange={(kind) => update({ kind })}
              />
            </Field>
            <Field label="Region" field="region" errors={errors}>
              <TextInput field="region" errors={errors} value={form.region} onChange={(region) => update({ region })} placeholder="kr-seoul-1" />
            </Field>
            <Field label="Labels" field="labels" errors={errors} hint="key=value, one per line" wide>
              <textarea
                className={errors.labels ? 'input input--invalid input--area' : 'input input--area'}
                rows={2}
                value={form.labels}
                onChange={(event) => update({ labels: event.target.value })}
                spellCheck={false}
                data-testid="field-labels"
                placeholder={'team=platform\ntier=1'}
              />
            </Field>
          </div>
        </section>

        <section className="form-section">
          <h3 className="detail-section__title">
            SSH route <span className="detail-section__aside">the default of every endpoint; each hop is reached through the previous one</span>
          </h3>
          <HopsEditor prefix="ssh" hops={form.hops} onChange={(hops) => update({ hops })} errors={errors} secrets={secrets} emptyText="No hops: endpoints are reached directly." />
        </section>

        <section className="form-section">
          <h3 className="detail-section__title">
            Endpoints
            {errors.endpoints && (
              <span className="field__error" data-testid="error-endpoints">
                {errors.endpoints}
              </span>
            )}
          </h3>
          {formSignals.map((signal) => (
            <EndpointEditor
              key={signal}
              signal={signal}
              centerId={form.id.trim()}
              endpoint={form.endpoints[signal]}
              onChange={(patch) => updateEndpoint(signal, patch)}
              errors={errors}
              secrets={secrets}
              profiles={profiles}
              centerHasRoute={form.hops.length > 0}
            />
          ))}
        </section>
      </div>
      <footer className="pane__footer">
        {submitError && (
          <div className="form-error" role="alert" data-testid="save-error" data-code={submitError.code}>
            <div>
              <span className="error-panel__code">{submitError.code}</span> <strong>{submitError.step}</strong>
            </div>
            <pre className="form-error__message">{submitError.message}</pre>
          </div>
        )}
        {problemCount > 0 && (
          <div className="field__error" data-testid="form-problems">
            {problemCount} field{problemCount === 1 ? '' : 's'} to fix
            {errorsUnder(errors, 'endpoints').length > 0 && ' (see the endpoints below)'} — nothing was stored or saved.
          </div>
        )}
        {unusedSecrets > 0 && <div className="muted small">{unusedSecrets} typed secret(s) belong to fields no longer in use and will not be stored.</div>}
        <div className="pane__actions">
          <span className="muted small">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves · <kbd>Esc</kbd> <kbd>Esc</kbd> cancels
          </span>
          {busy && (
            <span className="muted small" role="status">
              {busy}
            </span>
          )}
          <button type="button" className="button" onClick={onCancel} disabled={Boolean(busy)}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={Boolean(busy)} data-testid="center-save">
            {mode === 'add' ? 'Add center' : 'Save center'}
          </button>
        </div>
      </footer>
    </form>
  );
}
