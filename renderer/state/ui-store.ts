import { create } from 'zustand';
import type { LogLevel } from '../../shared/domain/logs.ts';
import type { TimeRangeInput } from '../../shared/time/range.ts';
import type { IncidentDraft } from '../views/incidents/timeline-logic.ts';

/** The inventory tables; each keeps its own selection, opened row and filter. */
export type TabId = 'nodes' | 'pods' | 'containers';
export const tabIds: readonly TabId[] = ['nodes', 'pods', 'containers'];
/** Every view the tab strip switches between: the inventory tables plus the settings views. */
export type ViewId = TabId | 'centers' | 'sign-in' | 'logs' | 'traces' | 'map' | 'incidents' | 'grouped' | 'services';

/** What the Logs view searches for; other views open it pre-filtered. */
export interface LogsFilter {
  text: string;
  levels: LogLevel[];
  namespace: string;
  pod: string;
  container: string;
}

export const emptyLogsFilter: LogsFilter = { text: '', levels: [], namespace: '', pod: '', container: '' };

export function isInventoryTab(view: ViewId): view is TabId {
  return (tabIds as readonly string[]).includes(view);
}

export interface UiState {
  /** Empty means every center. */
  selectedCenterIds: string[];
  timeRange: TimeRangeInput;
  /** IANA zone used for every time the desk shows. */
  timeZone: string;
  activeTab: ViewId;
  /** Highlighted row per table (moved with j/k). */
  selectedKeys: Record<TabId, string | null>;
  /** Row shown in the detail pane per table (opened with Enter or a click). */
  openedKeys: Record<TabId, string | null>;
  filters: Record<TabId, string>;
  /** The memory-only keychain reason the user hid the banner for; a different reason shows it again. */
  keychainBannerHiddenFor: string | null;
  logsFilter: LogsFilter;
  /** The trace shown in the Traces view's waterfall. */
  openedTraceId: string | null;
  /** The incident page shown in the Incidents view (null: the list). */
  openedIncidentId: string | null;
  /** A prefilled "new incident" form (from an alert or a selection); null when no form is open. */
  incidentDraft: IncidentDraft | null;

  setSelectedCenterIds(ids: string[]): void;
  setTimeRange(range: TimeRangeInput): void;
  setActiveTab(tab: ViewId): void;
  select(tab: TabId, key: string | null): void;
  /** Opens a row in the detail pane (and highlights it); null closes the pane. */
  open(tab: TabId, key: string | null): void;
  setFilter(tab: TabId, text: string): void;
  setKeychainBannerHiddenFor(reason: string | null): void;
  setLogsFilter(filter: Partial<LogsFilter>): void;
  /** Switches to the Logs view with a fresh filter (and optionally a new time range). */
  openLogs(filter: Partial<LogsFilter>, range?: TimeRangeInput): void;
  /** Switches to the Traces view showing one trace (null closes the waterfall). */
  openTrace(traceId: string | null): void;
  /** Switches to the Incidents view showing one incident (null: the list). */
  openIncident(id: string | null): void;
  /** Switches to the Incidents view with the create form prefilled (null closes the form). */
  draftIncident(draft: IncidentDraft | null): void;
}

function deskTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const useUiStore = create<UiState>()((set) => ({
  selectedCenterIds: [],
  timeRange: { from: 'now-1h', to: 'now' },
  timeZone: deskTimeZone(),
  activeTab: 'nodes',
  selectedKeys: { nodes: null, pods: null, containers: null },
  openedKeys: { nodes: null, pods: null, containers: null },
  filters: { nodes: '', pods: '', containers: '' },
  keychainBannerHiddenFor: null,
  logsFilter: emptyLogsFilter,
  openedTraceId: null,
  openedIncidentId: null,
  incidentDraft: null,

  setSelectedCenterIds: (ids) => set({ selectedCenterIds: [...new Set(ids)].sort() }),
  setTimeRange: (timeRange) => set({ timeRange }),
  setActiveTab: (activeTab) => set({ activeTab }),
  select: (tab, key) => set((state) => ({ selectedKeys: { ...state.selectedKeys, [tab]: key } })),
  open: (tab, key) =>
    set((state) => ({
      openedKeys: { ...state.openedKeys, [tab]: key },
      selectedKeys: key === null ? state.selectedKeys : { ...state.selectedKeys, [tab]: key },
    })),
  setFilter: (tab, text) => set((state) => ({ filters: { ...state.filters, [tab]: text } })),
  setKeychainBannerHiddenFor: (keychainBannerHiddenFor) => set({ keychainBannerHiddenFor }),
  setLogsFilter: (filter) => set((state) => ({ logsFilter: { ...state.logsFilter, ...filter } })),
  openLogs: (filter, range) =>
    set((state) => ({
      activeTab: 'logs',
      logsFilter: { ...emptyLogsFilter, ...filter },
      timeRange: range ?? state.timeRange,
    })),
  openTrace: (openedTraceId) => set({ activeTab: 'traces', openedTraceId }),
  openIncident: (openedIncidentId) => set({ activeTab: 'incidents', openedIncidentId, incidentDraft: null }),
  draftIncident: (incidentDraft) => set((state) => ({ activeTab: incidentDraft ? 'incidents' : state.activeTab, incidentDraft, openedIncidentId: incidentDraft ? null : state.openedIncidentId })),
}));
