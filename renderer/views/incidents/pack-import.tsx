import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useImportPack, useVerifyPack, type PackVerdict } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { IncidentTime, IncidentWindow } from './incident-time.tsx';

export function PackVerdictView({ verdict }: { verdict: PackVerdict }) {
  return (
    <div className={`pack-verdict pack-verdict--${verdict.ok ? 'ok' : 'bad'}`} data-testid="pack-verdict" data-valid={verdict.ok} data-trusted={verdict.trusted}>
      <div>
        <StatusBadge tone={verdict.ok ? 'ok' : 'error'}>{verdict.ok ? 'signature and hashes verified' : 'refused'}</StatusBadge>{' '}
        <StatusBadge tone={verdict.trusted ? 'ok' : 'warn'}>{verdict.trusted ? 'trusted signer' : 'untrusted signer'}</StatusBadge>
      </div>
      {verdict.reason && (
        <p className="pack-verdict__reason" data-testid="pack-verdict-reason">
          {verdict.part ? `${verdict.part}: ` : ''}
          {verdict.reason}
        </p>
      )}
      <dl className="pack-verdict__facts">
        {verdict.incident && (
          <>
            <dt>Incident</dt>
            <dd>
              {verdict.incident.title} <IncidentWindow window={verdict.incident.window} />
            </dd>
          </>
        )}
        <dt>Signed by</dt>
        <dd data-testid="pack-signer">
          {verdict.signer ?? 'unknown'}
          {verdict.keyId && <span className="mono muted small"> · key {verdict.keyId}</span>}
        </dd>
        <dt>Signed at</dt>
        <dd>{verdict.signedAt !== null ? <IncidentTime at={verdict.signedAt} /> : '—'}</dd>
        <dt>Pack SHA-256</dt>
        <dd className="mono small" title={verdict.packSha256}>
          {verdict.packSha256.slice(0, 16)}…
        </dd>
        {verdict.parts.length > 0 && (
          <>
            <dt>Parts</dt>
            <dd className="small">
              {verdict.parts.map((part) => (
                <span key={part.name} className={part.ok ? '' : 'form-problem'}>
                  {part.name} {part.ok ? '✓' : '✗'}{' '}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** Verify a pack by its path, see who signed it, then import it read-only. */
export function PackImport() {
  const [path, setPath] = useState('');
  const verify = useVerifyPack();
  const importPack = useImportPack();
  const openIncident = useUiStore((state) => state.openIncident);

  function onVerify(event: FormEvent) {
    event.preventDefault();
    if (path.trim()) {
      importPack.reset();
      verify.mutate(path.trim());
    }
  }

  return (
    <section className="incident-panel" data-testid="pack-import" aria-label="Import an incident pack">
      <h3 className="incident-panel__title">Import a pack</h3>
      <form className="pack-form" onSubmit={onVerify}>
        <input
          className="input"
          value={path}
          onChange={(event) => {
            setPath(event.target.value);
            verify.reset();
          }}
          placeholder="/path/to/incident.opsdesk-pack"
          aria-label="Pack file path"
          data-testid="pack-path"
        />
        <button type="submit" className="button" disabled={!path.trim() || verify.isPending} data-testid="pack-verify">
          {verify.isPending ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      {verify.isError && <ErrorPanel error={verify.error} compact title="The pack could not be verified" />}
      {verify.data && <PackVerdictView verdict={verify.data} />}
      {verify.data?.ok && (
        <button
          type="button"
          className="button button--primary"
          disabled={importPack.isPending}
          data-testid="pack-import-button"
          onClick={() => importPack.mutate(path.trim(), { onSuccess: (imported) => openIncident(imported.incidentId) })}
        >
          {importPack.isPending ? 'Importing…' : 'Import read-only'}
        </button>
      )}
      {importPack.isError && <ErrorPanel error={importPack.error} compact title="The pack was not imported" />}
    </section>
  );
}
