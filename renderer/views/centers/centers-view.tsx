import { useEffect, useMemo, useRef, useState } from 'react';
import type { CenterConfig } from '../../../shared/config/centers-config.ts';
import { ErrorPanel, describeError } from '../../components/error-panel.tsx';
import { isTypingTarget } from '../../components/keyboard-target.ts';
import { Modal } from '../../components/modal.tsx';
import { useAppInfo, useCenters } from '../../data/use-centers.ts';
import { useCenterConfig, useRemoveCenter, useTestCenter } from '../../data/use-center-config.ts';
import { useSessions } from '../../data/use-sign-in.ts';
import { centerConfigToForm, emptyCenterForm, type CenterForm } from '../../state/center-form.ts';
import { configuredSignals, describeRoute } from '../../state/center-summary.ts';
import { CenterDetails, type TestRun } from './center-details.tsx';
import { CenterHealthCell } from './center-health-cell.tsx';
import { CenterFormPanel } from './center-form-panel.tsx';

type Pane = { kind: 'none' } | { kind: 'view'; centerId: string } | { kind: 'add'; form: CenterForm } | { kind: 'edit'; centerId: string; form: CenterForm };

function RemoveDialog({ center, file, onCancel, onRemoved }: { center: CenterConfig; file: string | undefined; onCancel(): void; onRemoved(): void }) {
  const remove = useRemoveCenter();
  const error = remove.isError ? describeError(remove.error) : null;
  return (
    <Modal label={`Remove ${center.name}?`} onEscape={onCancel} testId="remove-dialog" tone="danger" alert initialFocus="[data-testid='remove-cancel']">
      <div className="modal__head">
        <h2 className="modal__title">
          Remove <span className="strong">{center.name}</span> <span className="mono muted">({center.id})</span>?
        </h2>
      </div>
      <div className="modal__body">
        <p>
          It is deleted from <span className="mono">{file ?? 'the config file'}</span> and its cached rows are dropped. Keychain entries it named
          stay until you remove them.
        </p>
        {error && (
          <div className="form-error" role="alert" data-testid="remove-error">
            <span className="error-panel__code">{error.code}</span> {error.message}
          </div>
        )}
      </div>
      <div className="modal__actions">
        <button type="button" className="button" onClick={onCancel} data-testid="remove-cancel">
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger-solid"
          disabled={remove.isPending}
          onClick={() => remove.mutate(center.id, { onSuccess: onRemoved })}
          data-testid="remove-confirm"
        >
          {remove.isPending ? 'Removing…' : 'Remove center'}
        </button>
      </div>
    </Modal>
  );
}

/** The config file's centers: list, add, edit, test, remove. */
export function CentersView() {
  const config = useCenterConfig();
  const summaries = useCenters();
  const info = useAppInfo();
  const sessions = useSessions();
  const test = useTestCenter();
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  const [selected, setSelected] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CenterConfig | null>(null);
  const [testRun, setTestRun] = useState<TestRun | null>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);

  const centers = useMemo(() => config.data?.centers ?? [], [config.data]);
  const ids = useMemo(() => centers.map((center) => center.id), [centers]);
  const profiles = useMemo(() => (sessions.data ?? []).map((session) => session.profileId), [sessions.data]);
  const demoCenters = (summaries.data ?? []).filter((center) => center.demo);
  const viewed = pane.kind === 'view' ? centers.find((center) => center.id === pane.centerId) : undefined;

  const actions = {
    add: () => setPane({ kind: 'add', form: emptyCenterForm() }),
    view: (centerId: string) => {
      setSelected(centerId);
      setPane({ kind: 'view', centerId });
    },
    edit: (center: CenterConfig) => setPane({ kind: 'edit', centerId: center.id, form: centerConfigToForm(center) }),
    test: (centerId: string) => {
      setTestRun({ centerId, status: 'pending', results: [], error: null, at: Date.now() });
      test.mutate(centerId, {
        onSuccess: (results) => setTestRun({ centerId, status: 'done', results, error: null, at: Date.now() }),
        onError: (error) => setTestRun({ centerId, status: 'error', results: [], error, at: Date.now() }),
      });
    },
  };
  const latest = useRef({ pane, selected, centers, viewed, actions, removing, testRun });
  latest.current = { pane, selected, centers, viewed, actions, removing, testRun };

  // A center removed elsewhere (CLI, another window) closes its pane.
  useEffect(() => {
    if (pane.kind === 'view' && config.data && !viewed) setPane({ kind: 'none' });
  }, [pane, viewed, config.data]);

  // j/k move through the list, Enter opens, a adds, e edits, t tests, Delete removes, Esc closes.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const { pane, selected, centers, viewed, actions, removing } = latest.current;
      if (removing || pane.kind === 'add' || pane.kind === 'edit') return;
      const position = centers.findIndex((center) => center.id === selected);
      const pick = (index: number) => {
        const center = centers[Math.max(0, Math.min(centers.length - 1, index))];
        if (center) actions.view(center.id);
      };
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          pick(position + 1);
          break;
        case 'k':
        case 'ArrowUp':
          pick(position < 0 ? 0 : position - 1);
          break;
        case 'Enter':
          if (event.target instanceof Element && event.target.closest('button, a')) return;
          if (selected) actions.view(selected);
          break;
        case 'a':
          actions.add();
          break;
        case 'e':
          if (viewed) actions.edit(viewed);
          break;
        case 't':
          if (viewed && !(latest.current.testRun?.centerId === viewed.id && latest.current.testRun.status === 'pending')) actions.test(viewed.id);
          break;
        case 'Delete':
          if (viewed) setRemoving(viewed);
          break;
        case 'Escape':
          setPane({ kind: 'none' });
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    if (!selected || !listRef.current) return;
    listRef.current.querySelector<HTMLElement>(`tr[data-center-id="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const paneOpen = pane.kind !== 'none';
  return (
    <div className="settings-view centers-view" data-testid="centers-view">
      <div className="settings-view__bar">
        <h2 className="settings-view__title">Centers</h2>
        <span className="config-file" title="The file OpsDesk reads centers from">
          <span className="muted small">config</span>{' '}
          <span className="mono" data-testid="config-file">
            {config.data?.file ?? '…'}
          </span>
        </span>
        <span className="table-toolbar__count">{config.data ? `${centers.length} configured` : ''}</span>
        <span className="app-header__spacer" />
        <button type="button" className="button button--primary button--small" onClick={actions.add} disabled={pane.kind === 'add'} data-testid="center-add" title="Add a center (a)">
          + Add center <kbd>a</kbd>
        </button>
      </div>
      {config.isError && <ErrorPanel error={config.error} title="Could not read the centers configuration" onRetry={() => void config.refetch()} />}
      {config.data && centers.length === 0 && config.data.problems.length === 0 && (
        <div className="callout centers-view__callout" data-testid="demo-callout">
          {info.data?.demo ? (
            <>
              No centers are configured, so the built-in <strong>demo centers</strong>
              {demoCenters.length ? ` (${demoCenters.map((center) => center.name).join(', ')})` : ''} are showing. Adding a center replaces them.
            </>
          ) : (
            'No centers are configured.'
          )}
        </div>
      )}
      <div className={paneOpen ? 'centers-view__split centers-view__split--open' : 'centers-view__split'}>
        <div className="centers-view__list">
          {config.isPending && <div className="table-state">Loading the configuration…</div>}
          {config.data && centers.length === 0 && config.data.problems.length > 0 && (
            <div className="table-state" data-testid="config-unloaded">
              Nothing to list: the config file did not load (see the problems above). Fix it in an editor and press Reload file;
              saving a center here is refused until the file loads.
            </div>
          )}
          {centers.length > 0 && (
            <div className="table-scroll">
              <table className="data-table" data-testid="centers-table">
                <thead>
                  <tr>
                    <th className="th-static">ID</th>
                    <th className="th-static">Name</th>
                    <th className="th-static">Kind</th>
                    {!paneOpen && <th className="th-static">Region</th>}
                    <th className="th-static">Signals</th>
                    <th className="th-static">State</th>
                    {!paneOpen && <th className="th-static">SSH route</th>}
                  </tr>
                </thead>
                <tbody ref={listRef}>
                  {centers.map((center) => {
                    const classes = ['row'];
                    if (center.id === selected) classes.push('row--selected');
                    if (pane.kind !== 'none' && 'centerId' in pane && pane.centerId === center.id) classes.push('row--opened');
                    return (
                      <tr
                        key={center.id}
                        className={classes.join(' ')}
                        data-testid="center-row"
                        data-center-id={center.id}
                        aria-selected={center.id === selected}
                        onClick={() => actions.view(center.id)}
                      >
                        <td className="mono cell-name">{center.id}</td>
                        <td>{center.name}</td>
                        <td>
                          <span className={`kind kind--${center.kind}`}>{center.kind}</span>
                        </td>
                        {!paneOpen && <td className="mono muted">{center.region || '—'}</td>}
                        <td>
                          <span className="badges">
                            {configuredSignals(center).map((signal) => (
                              <span key={signal} className="badge badge--info">
                                {signal}
                              </span>
                            ))}
                          </span>
                        </td>
                        <td>
                          <CenterHealthCell centerId={center.id} config={center} />
                        </td>
                        {!paneOpen && <td className="mono small muted">{describeRoute(center.ssh)}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {centers.length === 0 && demoCenters.length > 0 && (
            <div className="table-scroll">
              <table className="data-table demo-centers" data-testid="demo-centers">
                <thead>
                  <tr>
                    <th className="th-static">Built-in demo center</th>
                    <th className="th-static">Kind</th>
                    <th className="th-static">Region</th>
                    <th className="th-static">Signals</th>
                    <th className="th-static">State</th>
                  </tr>
                </thead>
                <tbody>
                  {demoCenters.map((center) => (
                    <tr key={center.id} data-center-id={center.id}>
                      <td>
                        {center.name} <span className="mono muted">{center.id}</span> <span className="demo-label">demo</span>
                      </td>
                      <td>
                        <span className={`kind kind--${center.kind}`}>{center.kind}</span>
                      </td>
                      <td className="mono muted">{center.region}</td>
                      <td className="mono muted small">{center.endpoints.map((endpoint) => endpoint.signal).join(', ')}</td>
                      <td>
                        <CenterHealthCell centerId={center.id} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="centers-view__keys muted small">
            <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> add · <kbd>e</kbd> edit · <kbd>t</kbd> test · <kbd>Del</kbd> remove
          </div>
        </div>
        {paneOpen && (
          <div className="centers-view__pane">
            {pane.kind === 'view' && viewed && (
              <CenterDetails
                key={viewed.id}
                center={viewed}
                test={testRun?.centerId === viewed.id ? testRun : null}
                onTest={() => actions.test(viewed.id)}
                onEdit={() => actions.edit(viewed)}
                onRemove={() => setRemoving(viewed)}
                onClose={() => setPane({ kind: 'none' })}
              />
            )}
            {(pane.kind === 'add' || pane.kind === 'edit') && (
              <CenterFormPanel
                key={pane.kind === 'edit' ? `edit:${pane.centerId}` : 'add'}
                mode={pane.kind}
                initial={pane.form}
                existingIds={ids}
                profiles={profiles}
                configFile={config.data?.file}
                onSaved={(centerId) => {
                  if (testRun?.centerId === centerId) setTestRun(null);
                  actions.view(centerId);
                }}
                onCancel={() => setPane(pane.kind === 'edit' ? { kind: 'view', centerId: pane.centerId } : { kind: 'none' })}
              />
            )}
          </div>
        )}
      </div>
      {removing && (
        <RemoveDialog
          center={removing}
          file={config.data?.file}
          onCancel={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            setSelected(null);
            setPane({ kind: 'none' });
          }}
        />
      )}
    </div>
  );
}
