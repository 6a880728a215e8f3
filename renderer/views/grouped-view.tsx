import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import type { GroupingLevel } from '../../shared/domain/roles.ts';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { FilterField } from '../components/filter-field.tsx';
import { isTypingTarget } from '../components/keyboard-target.ts';
import { StatusBadge, phaseTone } from '../components/status-badge.tsx';
import { useCenterIndex } from '../data/use-centers.ts';
import { useContainers, useNodes, usePods } from '../data/use-inventory.ts';
import { useActiveRole, useServiceHealth } from '../data/use-roles.ts';
import { formatBytes, formatMillicores, formatPercent } from '../format/units.ts';
import { useT } from '../i18n/locale-store.ts';
import { parseFilterQuery } from '../state/filter-query.ts';
import { useUiStore } from '../state/ui-store.ts';
import { ContainerDetail } from './container-detail.tsx';
import { useGroupedStore } from './grouped-store.ts';
import { ancestorsOf, buildGroupTree, carrySelection, filterTree, visibleRows, type EntityRef, type GroupNode } from './grouping.ts';
import { NodeDetail } from './node-detail.tsx';
import { PodDetail } from './pod-detail.tsx';
import { containerKey, nodeKey, podKey } from './row-keys.ts';
import { ServiceDetail } from './service-detail.tsx';

/** Row pitch in px (--row-height, border-box): the tree draws only the rows in view plus a margin. */
const rowHeight = 26;
const overscanRows = 30;

/** Without a role answer yet, the SRE grouping (the console's historical first view). */
const fallbackLevels: readonly GroupingLevel[] = ['center', 'cluster', 'node', 'pod'];

interface Records {
  nodes: Map<string, NodeRecord>;
  pods: Map<string, PodRecord>;
  containers: Map<string, ContainerRecord>;
  services: Map<string, ServiceHealth[]>;
}

function formatLatency(ms: number | null): string {
  if (ms === null) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function sameEntity(a: EntityRef | null, b: EntityRef | null): boolean {
  return !!a && !!b && a.kind === b.kind && a.key === b.key;
}

/** The numbers a row shows beside its label: what the record is doing, or what the group holds. */
function RowFacts({ node, records }: { node: GroupNode; records: Records }) {
  const t = useT();
  const entity = node.entity;
  if (entity?.kind === 'node') {
    const record = records.nodes.get(entity.key);
    if (!record) return null;
    return (
      <>
        <StatusBadge tone={record.ready === 'True' ? 'ok' : 'error'}>{record.ready === 'True' ? 'Ready' : 'NotReady'}</StatusBadge>
        {record.unschedulable && <StatusBadge tone="warn">Cordoned</StatusBadge>}
        {record.conditions
          .filter((condition) => condition.type !== 'Ready' && condition.status === 'True')
          .map((condition) => (
            <StatusBadge key={condition.type} tone="error">
              {condition.type}
            </StatusBadge>
          ))}
        <span className="num muted">{formatMillicores(record.allocatable.cpuMillis)} cores</span>
        <span className="num muted">{formatBytes(record.allocatable.memoryBytes)}</span>
      </>
    );
  }
  if (entity?.kind === 'pod') {
    const record = records.pods.get(entity.key);
    if (!record) return null;
    return (
      <>
        <StatusBadge tone={phaseTone(record.phase)}>{record.phase}</StatusBadge>
        {record.reason && <StatusBadge tone={node.tone === 'error' ? 'error' : 'warn'}>{record.reason}</StatusBadge>}
        <span className="num muted">
          {record.readyContainers}/{record.totalContainers}
        </span>
        {record.restarts > 0 && <span className="num num--warn">↻{record.restarts}</span>}
      </>
    );
  }
  if (entity?.kind === 'container') {
    const record = records.containers.get(entity.key);
    if (!record) return null;
    return (
      <>
        <StatusBadge tone={node.tone}>{record.stateReason ? `${record.state}: ${record.stateReason}` : record.state}</StatusBadge>
        {record.lastTerminationReason && <StatusBadge tone="error">{record.lastTerminationReason}</StatusBadge>}
        {record.restartCount > 0 && <span className="num num--warn">↻{record.restartCount}</span>}
      </>
    );
  }
  if (entity?.kind === 'service') {
    const health = records.services.get(entity.key) ?? [];
    const requests = health.reduce((sum, item) => sum + item.requests, 0);
    const errors = health.reduce((sum, item) => sum + item.errors, 0);
    const p95 = Math.max(...health.map((item) => item.latencyP95Ms ?? 0));
    return (
      <>
        <span className="num" title={t('services.availability')} data-metric="availability">
          {requests ? formatPercent(1 - errors / requests) : '–'}
        </span>
        <span className={errors / Math.max(1, requests) >= 0.01 ? 'num num--warn' : 'num muted'} title={t('services.errorRate')} data-metric="errorRate">
          {requests ? formatPercent(errors / requests) : '–'} err
        </span>
        <span className="num muted" title={t('services.latencyP95')} data-metric="latencyP95">
          p95 {formatLatency(health.length ? p95 : null)}
        </span>
        <span className="num muted">{requests} req</span>
      </>
    );
  }
  return <span className="muted small">{t('grouped.items', { count: node.leafCount })}</span>;
}

function GroupLabel({ node, centers, showNamespace }: { node: GroupNode; centers: ReturnType<typeof useCenterIndex>; showNamespace: boolean }): ReactNode {
  if (node.level === 'center') return <CenterTag centerId={node.label} center={centers.get(node.label)} />;
  if (showNamespace && node.entity?.kind === 'pod') {
    // Under a node, pods of many namespaces sit side by side; the namespace tells them apart.
    const namespace = node.entity.key.split('/')[1];
    return (
      <span className="cell-name">
        <span className="muted">{namespace}/</span>
        {node.label}
      </span>
    );
  }
  return <span className={node.entity ? 'cell-name' : 'group-row__label'}>{node.label}</span>;
}

function OpenedDetail({ opened, records, onClose }: { opened: EntityRef; records: Records; onClose(): void }) {
  switch (opened.kind) {
    case 'node': {
      const node = records.nodes.get(opened.key);
      return node ? <NodeDetail key={opened.key} node={node} onClose={onClose} /> : null;
    }
    case 'pod': {
      const pod = records.pods.get(opened.key);
      return pod ? <PodDetail key={opened.key} pod={pod} onClose={onClose} /> : null;
    }
    case 'container': {
      const container = records.containers.get(opened.key);
      return container ? <ContainerDetail key={opened.key} container={container} onClose={onClose} /> : null;
    }
    case 'service':
      return <ServiceDetail key={opened.key} service={opened.key} health={records.services.get(opened.key) ?? []} onClose={onClose} />;
  }
}

/** The role's main grouping of every selected center: a keyboard-driven tree with the record's detail beside it. */
export function GroupedView() {
  const t = useT();
  const role = useActiveRole();
  const levels = role?.grouping ?? fallbackLevels;
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const range = useUiStore((state) => state.timeRange);
  const centers = useCenterIndex();
  const nodes = useNodes(centerIds);
  const pods = usePods(centerIds);
  const containers = useContainers(centerIds, {}, levels.includes('container'));
  const services = useServiceHealth(centerIds, range, levels.includes('service'));
  const { selected, selectedGroupId, opened, collapsed, filter } = useGroupedStore();
  const store = useGroupedStore.getState;
  const filterInput = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });

  const records = useMemo<Records>(() => {
    const byService = new Map<string, ServiceHealth[]>();
    for (const health of services.data ?? []) byService.set(health.service, [...(byService.get(health.service) ?? []), health]);
    return {
      nodes: new Map((nodes.data ?? []).map((record) => [nodeKey(record), record])),
      pods: new Map((pods.data ?? []).map((record) => [podKey(record), record])),
      containers: new Map((containers.data ?? []).map((record) => [containerKey(record), record])),
      services: byService,
    };
  }, [nodes.data, pods.data, containers.data, services.data]);

  const tree = useMemo(
    () =>
      buildGroupTree(levels, {
        nodes: nodes.data ?? [],
        pods: pods.data ?? [],
        containers: containers.data ?? [],
        services: services.data ?? [],
        clusterOf: (centerId) => centers.get(centerId)?.labels.cluster ?? centers.get(centerId)?.name ?? centerId,
      }),
    [levels, nodes.data, pods.data, containers.data, services.data, centers],
  );
  const query = useMemo(() => parseFilterQuery(filter), [filter]);
  const filtered = useMemo(() => filterTree(tree, query), [tree, query]);
  const rows = useMemo(() => visibleRows(filtered, query.terms.length ? new Set() : collapsed), [filtered, collapsed, query]);

  // A role switch regroups: keep the highlighted record if the new grouping shows it (or its nearest kin).
  const levelsKey = levels.join('>');
  const previousLevels = useRef(levelsKey);
  useEffect(() => {
    if (previousLevels.current === levelsKey) return;
    previousLevels.current = levelsKey;
    const { selected: current, opened: openedNow, select, open } = store();
    const carried = carrySelection(current, levels, pods.data ?? []);
    select(carried, null);
    if (openedNow) open(carrySelection(openedNow, levels, pods.data ?? []));
  }, [levelsKey, levels, pods.data, store]);

  useEffect(() => {
    if (selected) store().expand(ancestorsOf(tree, selected));
  }, [selected, tree, store]);

  const hasTree = !nodes.isPending && !pods.isPending && tree.length > 0;
  const selectedIndex = rows.findIndex(({ node }) => (selected ? sameEntity(node.entity, selected) : node.id === selectedGroupId));

  const latest = useRef({ rows, selectedIndex });
  latest.current = { rows, selectedIndex };
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const input = filterInput.current;
      if (event.target === input && input) {
        if (event.key === 'Escape' || event.key === 'Enter' || event.key === 'ArrowDown') {
          input.blur();
          event.preventDefault();
        }
        return;
      }
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const { rows, selectedIndex } = latest.current;
      const state = store();
      const current = rows[selectedIndex]?.node;
      const move = (index: number) => {
        const target = rows[Math.max(0, Math.min(rows.length - 1, index))]?.node;
        if (target) state.select(target.entity, target.entity ? null : target.id);
      };
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          move(selectedIndex + 1);
          break;
        case 'k':
        case 'ArrowUp':
          move(selectedIndex < 0 ? 0 : selectedIndex - 1);
          break;
        case 'h':
        case 'ArrowLeft':
          if (current?.children.length) state.toggle(current.id, true);
          break;
        case 'l':
        case 'ArrowRight':
          if (current?.children.length) state.toggle(current.id, false);
          break;
        case 'Enter':
          if (event.target instanceof Element && event.target.closest('button, a, summary, select, [role="dialog"]')) return;
          if (current?.entity) state.open(current.entity);
          else if (current) state.toggle(current.id);
          break;
        case 'Escape':
          state.open(null);
          break;
        case '/':
          input?.focus();
          input?.select();
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  // Keep the highlighted row in view (it may not be drawn yet, so scroll by arithmetic, not by element).
  useLayoutEffect(() => {
    const element = body.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
  }, [selectedIndex]);

  useEffect(() => {
    const element = body.current;
    if (!element) return;
    const measure = () =>
      setViewport((current) => {
        const next = { top: element.scrollTop, height: element.clientHeight || 800 };
        return current.top === next.top && current.height === next.height ? current : next;
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasTree]);

  const pending = nodes.isPending || pods.isPending;
  const error = nodes.error ?? pods.error;
  const levelNames = levels.map((level) => t(`level.${level}`)).join(' → ');
  const entityCount = rows.length;
  // A shrinking tree (folding, filtering) clamps the scroll before the browser reports it.
  const scrollTop = Math.min(viewport.top, Math.max(0, rows.length * rowHeight - viewport.height));
  const windowStart = Math.max(0, Math.floor(scrollTop / rowHeight) - overscanRows);
  const windowEnd = Math.min(rows.length, Math.ceil((scrollTop + viewport.height) / rowHeight) + overscanRows);

  let content: ReactNode;
  if (pending) content = <div className="table-state">…</div>;
  else if (error && !pods.data) content = <ErrorPanel error={error} onRetry={() => void pods.refetch()} />;
  else if (tree.length === 0) content = <div className="table-state">{levels.includes('service') && services.isError ? t('services.unavailable') : t('grouped.empty')}</div>;
  else
    content = (
      <div
        className="grouped-tree"
        ref={body}
        role="tree"
        aria-label={levelNames}
        onScroll={(event) => setViewport({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })}
      >
        <div style={{ height: windowStart * rowHeight }} aria-hidden="true" />
        {rows.slice(windowStart, windowEnd).map(({ node, depth }) => {
          const isSelected = selected ? sameEntity(node.entity, selected) : node.id === selectedGroupId;
          const isOpened = sameEntity(node.entity, opened);
          const open = !collapsed.has(node.id) || query.terms.length > 0;
          return (
            <div
              key={node.id}
              role="treeitem"
              aria-level={depth + 1}
              aria-selected={isSelected}
              aria-expanded={node.children.length ? open : undefined}
              className={`group-row group-row--${node.tone}${isSelected ? ' group-row--selected' : ''}${isOpened ? ' group-row--opened' : ''}`}
              style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}
              data-testid="group-row"
              data-group-id={node.id}
              data-level={node.level}
              data-entity-kind={node.entity?.kind}
              data-key={node.entity?.key}
              onClick={() => {
                const state = store();
                state.select(node.entity, node.entity ? null : node.id);
                if (node.entity) state.open(node.entity);
                else state.toggle(node.id);
              }}
            >
              <button
                type="button"
                className="group-row__twisty"
                aria-label={open ? 'collapse' : 'expand'}
                tabIndex={-1}
                disabled={node.children.length === 0}
                onClick={(event) => {
                  event.stopPropagation();
                  store().toggle(node.id);
                }}
              >
                {node.children.length === 0 ? '' : open ? '▾' : '▸'}
              </button>
              <span className="group-row__level">{t(`level.${node.level}`)}</span>
              <GroupLabel node={node} centers={centers} showNamespace={!levels.includes('namespace')} />
              <span className="group-row__facts">
                <RowFacts node={node} records={records} />
              </span>
            </div>
          );
        })}
        <div style={{ height: (rows.length - windowEnd) * rowHeight }} aria-hidden="true" />
      </div>
    );

  return (
    <div className={opened ? 'grouped grouped--split' : 'grouped'} data-testid="grouped-view" data-levels={levels.join(',')} data-role={role?.id ?? ''}>
      <div className="table-panel">
        <div className="table-toolbar">
          <FilterField
            inputRef={filterInput}
            placeholder="text, re:^check, app=checkout, !Running"
            value={filter}
            onChange={(value) => store().setFilter(value)}
            testId="grouped-filter"
            label={t('filter.syntax')}
          />
          <span className="table-toolbar__count" data-testid="grouped-levels">
            {t('grouped.groupedBy', { levels: levelNames })} · {entityCount}
          </span>
          {query.problems.length > 0 && (
            <span className="table-toolbar__stale" role="status" data-testid="filter-problem">
              {query.problems[0]}
            </span>
          )}
          <button type="button" className="button button--small" data-testid="grouped-expand-all" onClick={() => store().setCollapsed([])}>
            {t('grouped.expandAll')}
          </button>
          <button
            type="button"
            className="button button--small"
            data-testid="grouped-collapse-all"
            onClick={() => store().setCollapsed(visibleRows(tree, new Set()).filter(({ node }) => node.children.length).map(({ node }) => node.id))}
          >
            {t('grouped.collapseAll')}
          </button>
        </div>
        {content}
      </div>
      {opened && (
        <div className="grouped__detail">
          <OpenedDetail opened={opened} records={records} onClose={() => store().open(null)} />
        </div>
      )}
    </div>
  );
}
