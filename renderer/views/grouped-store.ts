import { create } from 'zustand';
import type { EntityRef } from './grouping.ts';

/** The grouped view's UI state: highlighted and opened record, collapsed groups and its filter. */
interface GroupedState {
  selected: EntityRef | null;
  /** The highlighted row when it is a plain group (no record behind it). */
  selectedGroupId: string | null;
  opened: EntityRef | null;
  collapsed: ReadonlySet<string>;
  filter: string;
  select(entity: EntityRef | null, groupId: string | null): void;
  open(entity: EntityRef | null): void;
  toggle(groupId: string, collapsed?: boolean): void;
  expand(groupIds: readonly string[]): void;
  setCollapsed(groupIds: readonly string[]): void;
  setFilter(filter: string): void;
}

export const useGroupedStore = create<GroupedState>()((set) => ({
  selected: null,
  selectedGroupId: null,
  opened: null,
  collapsed: new Set(),
  filter: '',
  select: (selected, selectedGroupId) => set({ selected, selectedGroupId }),
  open: (opened) => set((state) => ({ opened, selected: opened ?? state.selected })),
  toggle: (groupId, collapsed) =>
    set((state) => {
      const next = new Set(state.collapsed);
      const collapse = collapsed ?? !next.has(groupId);
      if (collapse) next.add(groupId);
      else next.delete(groupId);
      return { collapsed: next };
    }),
  expand: (groupIds) =>
    set((state) => {
      if (!groupIds.some((id) => state.collapsed.has(id))) return {};
      const next = new Set(state.collapsed);
      for (const id of groupIds) next.delete(id);
      return { collapsed: next };
    }),
  setCollapsed: (groupIds) => set({ collapsed: new Set(groupIds) }),
  setFilter: (filter) => set({ filter }),
}));
