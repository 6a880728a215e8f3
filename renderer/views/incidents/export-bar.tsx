import { useState } from 'react';
import type { Incident } from '../../../shared/domain/incidents.ts';
import { describeError } from '../../components/error-panel.tsx';
import { exportFormats, useExportIncident, type ExportFormat, type ExportResult } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { formatBytesShort } from './timeline-logic.ts';

const formatLabels: Record<ExportFormat, string> = { md: 'Markdown', html: 'HTML', json: 'JSON', pdf: 'PDF', pack: 'Signed pack' };

type Outcome = { state: 'pending' } | { state: 'done'; result: ExportResult } | { state: 'failed'; code: string; message: string };

/** One button per export format; each result shows where the file went, its size and SHA-256. */
export function ExportBar({ incident }: { incident: Incident }) {
  const exporter = useExportIncident();
  const timeZone = useUiStore((state) => state.timeZone);
  const [outcomes, setOutcomes] = useState<Partial<Record<ExportFormat, Outcome>>>({});
  const run = (format: ExportFormat) => {
    setOutcomes((current) => ({ ...current, [format]: { state: 'pending' } }));
    exporter.mutate(
      { incidentId: incident.id, format, timeZone },
      {
        onSuccess: (result) => setOutcomes((current) => ({ ...current, [format]: { state: 'done', result } })),
        onError: (error) => setOutcomes((current) => ({ ...current, [format]: { state: 'failed', ...describeError(error) } })),
      },
    );
  };
  const pdfUnavailable = outcomes.pdf?.state === 'failed';

  return (
    <section className="export-bar" data-testid="export-bar" aria-label="Export">
      <div className="export-bar__buttons">
        <span className="export-bar__label">Export</span>
        {exportFormats.map((format) => (
          <button
            key={format}
            type="button"
            className="button button--small"
            data-testid={`export-${format}`}
            disabled={outcomes[format]?.state === 'pending'}
            onClick={() => run(format)}
            title={format === 'pack' ? 'One signed file with the pinned data, timeline and notes, for air-gapped review' : `Export as ${formatLabels[format]}`}
          >
            {formatLabels[format]}
          </button>
        ))}
        <button type="button" className="button button--small" data-testid="print" title="Print this page with the browser (Save as PDF)" onClick={() => window.print()}>
          Print…
        </button>
      </div>
      <ul className="export-results">
        {exportFormats.map((format) => {
          const outcome = outcomes[format];
          if (!outcome) return null;
          return (
            <li key={format} className={`export-result export-result--${outcome.state}`} data-testid="export-result" data-format={format} data-state={outcome.state}>
              <strong>{formatLabels[format]}</strong>{' '}
              {outcome.state === 'pending' ? (
                <span className="muted">exporting…</span>
              ) : outcome.state === 'done' ? (
                <>
                  <span className="mono" data-testid="export-path">
                    {outcome.result.path}
                  </span>{' '}
                  <span className="muted" data-testid="export-bytes" data-bytes={outcome.result.bytes}>
                    {formatBytesShort(outcome.result.bytes)}
                  </span>{' '}
                  <span className="mono muted small" title={outcome.result.sha256} data-testid="export-sha256">
                    sha256 {outcome.result.sha256.slice(0, 16)}…
                  </span>
                </>
              ) : (
                <span className="form-problem" data-testid="export-error">
                  {outcome.message}
                  {format === 'pdf' && pdfUnavailable ? ' — use Print… to save the page as PDF with the browser.' : ''}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
