import type { FindingRef, PendingPodDiagnosis, SchedulerFinding } from '../../shared/analysis/diagnosis-schema.ts';
import type { PodRecord } from '../../shared/domain/records.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { usePendingAnalysis } from '../data/use-roles.ts';
import { useLocale, useT } from '../i18n/locale-store.ts';
import { localized } from '../i18n/translate.ts';
import { useUiStore } from '../state/ui-store.ts';
import { DeskTime } from './desk-time.tsx';

/** Brings an event of the pane's event list into view and flashes it. */
function revealEvent(uid: string): void {
  const element = document.querySelector<HTMLElement>(`[data-event-uid="${CSS.escape(uid)}"]`);
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.classList.remove('event--flash');
  void element.offsetWidth;
  element.classList.add('event--flash');
}

/** The kubectl command that reads the manifest field, for the clipboard. */
export function kubectlFor(reference: { namespace: string; pod: string; path: string }): string {
  return `kubectl get pod ${reference.pod} -n ${reference.namespace} -o jsonpath='{.${reference.path}}'`;
}

function RefLink({ reference }: { reference: FindingRef }) {
  const t = useT();
  const openLogs = useUiStore((state) => state.openLogs);
  const openRow = useUiStore((state) => state.open);
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  switch (reference.kind) {
    case 'event':
      return (
        <button type="button" className="link-button" data-ref="event" onClick={() => revealEvent(reference.uid)}>
          {t('detail.openEvents')}: {reference.reason}
        </button>
      );
    case 'logs':
      return (
        <button
          type="button"
          className="link-button"
          data-ref="logs"
          onClick={() => openLogs({ namespace: reference.namespace, pod: reference.pod, ...(reference.container ? { container: reference.container } : {}) })}
        >
          {t('detail.logs')}: {reference.pod}
          {reference.container ? `/${reference.container}` : ''}
        </button>
      );
    case 'manifest': {
      const command = kubectlFor(reference);
      return (
        <span className="manifest-ref" data-ref="manifest" title={`${t('detail.manifest')}: ${command}`}>
          <code>{reference.path}</code> = <code>{reference.value}</code>{' '}
          <button type="button" className="link-button" data-ref="manifest-copy" onClick={() => void navigator.clipboard?.writeText(command).catch(() => undefined)}>
            kubectl
          </button>
        </span>
      );
    }
    case 'node':
      return (
        <button
          type="button"
          className="link-button"
          data-ref="node"
          onClick={() => {
            setActiveTab('nodes');
            openRow('nodes', `${reference.centerId}/${reference.name}`);
          }}
        >
          {t('level.node')}: {reference.name}
        </button>
      );
  }
}

function Finding({ finding }: { finding: SchedulerFinding }) {
  const locale = useLocale();
  const t = useT();
  return (
    <li className="finding" data-testid="pending-finding" data-code={finding.code}>
      <div className="finding__head">
        <span className="finding__code">{finding.code}</span>
        {finding.subject && <code className="finding__subject" data-testid="pending-subject">{finding.subject}</code>}
        {finding.nodeCount !== null && <span className="muted small">({finding.nodeCount})</span>}
      </div>
      <div className="finding__text mono small">{finding.text}</div>
      <div className="finding__suggestion" data-testid="pending-suggestion">
        <strong>{t('detail.suggestion')}:</strong> {localized(finding.suggestion, locale)}
      </div>
      {finding.facts.length > 0 && (
        <dl className="finding__facts">
          {finding.facts.map((fact) => (
            <div key={`${fact.source}-${fact.value}`} className="facts__row" title={fact.source}>
              <dt>{localized(fact.label, locale)}</dt>
              <dd className="num">{fact.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {finding.refs.length > 0 && (
        <div className="finding__refs">
          {finding.refs.map((reference, index) => (
            <RefLink key={index} reference={reference} />
          ))}
        </div>
      )}
    </li>
  );
}

export function PendingDiagnosisView({ diagnosis }: { diagnosis: PendingPodDiagnosis }) {
  const locale = useLocale();
  const t = useT();
  return (
    <div className="pending-analysis" data-testid="pending-analysis">
      {diagnosis.message && (
        <div className="callout callout--warn mono small" data-testid="pending-message">
          {diagnosis.message}
        </div>
      )}
      {diagnosis.pendingSince !== null && (
        <div className="muted small">
          {t('detail.pendingSince')} <DeskTime at={diagnosis.pendingSince} />
          {diagnosis.totalNodes !== null ? ` · ${t('detail.nodesConsidered', { count: diagnosis.totalNodes })}` : ''}
        </div>
      )}
      {diagnosis.findings.length === 0 ? (
        <div className="muted small">{t('detail.noPendingReasons')}</div>
      ) : (
        <ul className="findings">
          {diagnosis.findings.map((finding, index) => (
            <Finding key={`${finding.code}-${index}`} finding={finding} />
          ))}
        </ul>
      )}
      {diagnosis.qosAdvice && (
        <div className="finding__suggestion small" data-testid="pending-qos">
          <strong>QoS {diagnosis.qosClass}:</strong> {localized(diagnosis.qosAdvice, locale)}
        </div>
      )}
      {diagnosis.refs.length > 0 && (
        <div className="finding__refs">
          {diagnosis.refs.map((reference, index) => (
            <RefLink key={index} reference={reference} />
          ))}
        </div>
      )}
    </div>
  );
}

/** The pending-pod analysis of one pod, from analysis:pending (only asked while the pod is Pending). */
export function PendingAnalysisPanel({ pod }: { pod: PodRecord }) {
  const t = useT();
  const query = usePendingAnalysis([pod.centerId], pod.namespace, pod.phase === 'Pending');
  const diagnosis = query.data?.find((candidate) => candidate.centerId === pod.centerId && candidate.namespace === pod.namespace && candidate.pod === pod.name);
  return (
    <section className="detail-section" data-panel="pending-analysis">
      <h3 className="detail-section__title">{t('detail.pending')}</h3>
      {query.isPending ? (
        <div className="muted small">…</div>
      ) : query.isError ? (
        <ErrorPanel error={query.error} compact onRetry={() => void query.refetch()} />
      ) : diagnosis ? (
        <PendingDiagnosisView diagnosis={diagnosis} />
      ) : (
        <div className="muted small">{t('detail.noPendingReasons')}</div>
      )}
    </section>
  );
}
