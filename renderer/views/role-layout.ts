import type { Role, RolePanelId, RoleView } from '../../shared/domain/roles.ts';

/**
 * The role's default columns for one view, in the role's order; a role that does not name the view
 * (or no role yet) keeps the view's own columns. Ids the view does not know are skipped.
 */
export function roleColumns<C extends { id: string }>(columns: readonly C[], role: Role | null, view: RoleView): C[] {
  const wanted = role?.columns[view];
  if (!wanted || wanted.length === 0) return [...columns];
  const byId = new Map(columns.map((column) => [column.id, column]));
  return wanted.flatMap((id) => {
    const column = byId.get(id);
    return column ? [column] : [];
  });
}

export interface PanelOrder<P extends RolePanelId> {
  /** Shown open, in the role's order. */
  primary: P[];
  /** Applicable but not among the role's panels: collapsed under "more". */
  more: P[];
}

/** Splits a detail pane's applicable panels into the role's (first, in its order) and the rest. */
export function orderPanels<P extends RolePanelId>(applicable: readonly P[], role: Role | null): PanelOrder<P> {
  if (!role) return { primary: [...applicable], more: [] };
  const primary = role.panels.filter((panel): panel is P => (applicable as readonly string[]).includes(panel));
  const more = applicable.filter((panel) => !primary.includes(panel));
  return { primary, more };
}
