import { useState } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import { Popover } from '../components/popover.tsx';
import { useCenters } from '../data/use-centers.ts';
import { useUiStore } from '../state/ui-store.ts';

export function describeSelection(selected: readonly string[], centers: readonly CenterSummary[]): string {
  if (selected.length === 0) return centers.length ? `All centers (${centers.length})` : 'All centers';
  if (selected.length === 1) return centers.find((center) => center.id === selected[0])?.name ?? selected[0] ?? '';
  return `${selected.length} of ${centers.length} centers`;
}

function CenterLabel({ center }: { center: CenterSummary }) {
  return (
    <span className="center-option__label">
      <span className="center-option__name">{center.name}</span>
      <span className={`kind kind--${center.kind}`}>{center.kind}</span>
      {center.demo && <span className="demo-label">demo</span>}
      <span className="center-option__region">{center.region}</span>
    </span>
  );
}

/** Pick one, several or all centers; an empty selection means all. */
export function CenterSelector() {
  const [open, setOpen] = useState(false);
  const centers = useCenters();
  const selected = useUiStore((state) => state.selectedCenterIds);
  const setSelected = useUiStore((state) => state.setSelectedCenterIds);
  const list = centers.data ?? [];
  const all = selected.length === 0;

  function toggle(id: string) {
    const current = all ? list.map((center) => center.id) : selected;
    const next = current.includes(id) ? current.filter((other) => other !== id) : [...current, id];
    // Everything (or nothing) ticked reads as "all", which also follows centers added later.
    setSelected(next.length === list.length || next.length === 0 ? [] : next);
  }

  return (
    <Popover
      open={open}
      onClose={() => setOpen(false)}
      label="Centers"
      className="center-selector"
      anchor={
        <button
          type="button"
          className="header-button"
          data-popover-anchor
          data-testid="center-selector"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          <span className="header-button__label">Centers</span>
          <span className="header-button__value">{describeSelection(selected, list)}</span>
          <span className="caret" aria-hidden="true">
            ▾
          </span>
        </button>
      }
    >
      <div className="center-list" data-testid="center-list">
        {centers.isPending && <div className="muted small pad">Loading centers…</div>}
        {centers.isError && <div className="error-text pad">{centers.error.message}</div>}
        {centers.data && (
          <>
            <label className="center-option center-option--all">
              <input type="checkbox" checked={all} onChange={() => setSelected([])} />
              <span className="center-option__label">
                <span className="center-option__name">All centers</span>
                <span className="muted">{list.length}</span>
              </span>
            </label>
            {list.map((center) => (
              <div className="center-option" key={center.id}>
                <label className="center-option__check">
                  <input
                    type="checkbox"
                    checked={all || selected.includes(center.id)}
                    onChange={() => toggle(center.id)}
                    data-center-id={center.id}
                  />
                  <CenterLabel center={center} />
                </label>
                <button type="button" className="link-button" onClick={() => setSelected([center.id])} title={`Show only ${center.name}`}>
                  only
                </button>
              </div>
            ))}
          </>
        )}
      </div>
    </Popover>
  );
}
