import { useMemo, type ReactNode } from 'react';
import { markFacts } from './summary-marks.ts';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { summarizeContainer, summarizeNode, summarizePod, type Summary } from '../../shared/summaries/index.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useLocale, useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { DetailSection } from './detail-frame.tsx';

function SummaryText({ summary }: { summary: Summary }) {
  const t = useT();
  return (
    <DetailSection title={t('detail.summary')} panel="summary">
      <p className="summary-block" data-testid="summary" lang={summary.locale}>
        {summary.sentences.map((sentence, index) => (
          <span key={index} className="summary-block__sentence">
            {markFacts(sentence).map((part, partIndex): ReactNode =>
              typeof part === 'string' ? (
                part
              ) : (
                <span key={partIndex} className={`summary-fact summary-fact--${part.format}`} title={part.path} data-fact={part.path}>
                  {part.display}
                </span>
              ),
            )}
          </span>
        ))}
      </p>
    </DetailSection>
  );
}

function useSummaryOptions(centerId: string) {
  const locale = useLocale();
  const timeZone = useUiStore((state) => state.timeZone);
  const centerName = useCenterIndex().get(centerId)?.name;
  return useMemo(() => (centerName ? { locale, timeZone, centerName } : { locale, timeZone }), [locale, timeZone, centerName]);
}

export function NodeSummary({ node, pods, containers }: { node: NodeRecord; pods: readonly PodRecord[] | undefined; containers: readonly ContainerRecord[] | undefined }) {
  const options = useSummaryOptions(node.centerId);
  const summary = useMemo(() => summarizeNode({ node, pods, containers }, options), [node, pods, containers, options]);
  return <SummaryText summary={summary} />;
}

export function PodSummary({ pod, containers }: { pod: PodRecord; containers: readonly ContainerRecord[] | undefined }) {
  const options = useSummaryOptions(pod.centerId);
  const summary = useMemo(() => summarizePod({ pod, containers }, options), [pod, containers, options]);
  return <SummaryText summary={summary} />;
}

export function ContainerSummary({ container }: { container: ContainerRecord }) {
  const options = useSummaryOptions(container.centerId);
  const summary = useMemo(() => summarizeContainer({ container }, options), [container, options]);
  return <SummaryText summary={summary} />;
}
