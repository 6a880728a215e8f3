import type { ReactNode } from 'react';
import { useUiStore, type TabId } from '../state/ui-store.ts';
import { DetailIncidentButton } from './incidents/incidents-view.tsx';

export interface DetailFrameProps {
  tab: TabId;
  kind: string;
  title: string;
  subtitle?: ReactNode;
  badges?: ReactNode;
  children: ReactNode;
  /** Closes the pane; by default the table's opened row is cleared. */
  onClose?: () => void;
}

/** The detail pane's chrome: what is shown, a close button, scrolling content. */
export function DetailFrame({ tab, kind, title, subtitle, badges, children, onClose }: DetailFrameProps) {
  const open = useUiStore((state) => state.open);
  const close = onClose ?? (() => open(tab, null));
  return (
    <aside className="detail" data-testid="detail" aria-label={`${kind} ${title}`}>
      <header className="detail__header">
        <div className="detail__heading">
          <span className="detail__kind">{kind}</span>
          <h2 className="detail__title" title={title}>
            {title}
          </h2>
          {subtitle && <div className="detail__subtitle">{subtitle}</div>}
        </div>
        {badges && <div className="detail__badges">{badges}</div>}
        {!onClose && <DetailIncidentButton tab={tab} />}
        <button type="button" className="icon-button" onClick={close} aria-label="Close detail" title="Close (Esc)">
          ×
        </button>
      </header>
      <div className="detail__body">{children}</div>
    </aside>
  );
}

export function DetailSection({ title, children, aside, panel }: { title: string; children: ReactNode; aside?: ReactNode; panel?: string }) {
  return (
    <section className="detail-section" data-panel={panel}>
      <h3 className="detail-section__title">
        {title}
        {aside && <span className="detail-section__aside">{aside}</span>}
      </h3>
      {children}
    </section>
  );
}

export function MissingDetail({ tab, noun }: { tab: TabId; noun: string }) {
  const open = useUiStore((state) => state.open);
  return (
    <aside className="detail" data-testid="detail">
      <div className="detail__missing">
        <p>This {noun} is no longer in the cache for the selected centers.</p>
        <button type="button" className="button" onClick={() => open(tab, null)}>
          Close
        </button>
      </div>
    </aside>
  );
}
