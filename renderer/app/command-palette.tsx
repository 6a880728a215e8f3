import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { isTypingTarget } from '../components/keyboard-target.ts';
import { useActiveRole, useRoleState } from '../data/use-roles.ts';
import { useLocale, useLocaleStore, useT } from '../i18n/locale-store.ts';
import { locales, localized, translate, translateOr } from '../i18n/translate.ts';
import { useUiStore } from '../state/ui-store.ts';
import { rankCommands, type PaletteCommand } from './palette-commands.ts';
import { mainViewOf, useSwitchRole } from './role-picker.tsx';
import { views } from './tabs.tsx';
import '../styles/roles.css';

/** Short names people type for roles, besides their ids and names. */
const roleAliases: Record<string, readonly string[]> = {
  infrastructure: ['sre', 'infra', 'server'],
  'application-owner': ['app', 'owner', 'dev'],
  'service-manager': ['service', 'manager', 'svc'],
};

function useCommands(onHelp: () => void, close: () => void): PaletteCommand[] {
  const t = useT();
  const locale = useLocale();
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  const roles = useRoleState().data?.roles ?? [];
  const activeRole = useActiveRole();
  const switchRole = useSwitchRole();
  const setLocale = useLocaleStore((state) => state.setLocale);
  return useMemo(() => {
    const done = (action: () => void) => () => {
      close();
      action();
    };
    const viewCommands: PaletteCommand[] = views.map((view) => ({
      name: view.id,
      label: t('palette.goTo', { view: translateOr(locale, `tab.${view.id}`, view.label) }),
      keywords: [view.label],
      hint: view.key || view.sequence,
      run: done(() => setActiveTab(view.id)),
    }));
    const roleCommands: PaletteCommand[] = roles.map((role, index) => ({
      name: `role ${role.id}`,
      label: t('palette.switchRole', { role: localized(role.name, locale) }),
      keywords: [role.name.en, role.name.ko, ...(roleAliases[role.id] ?? [])],
      hint: index < 9 ? `Alt+${index + 1}` : undefined,
      run: done(() => switchRole(role.id)),
    }));
    const localeCommands: PaletteCommand[] = locales.map((candidate) => ({
      name: `lang ${candidate}`,
      label: t('palette.switchLocale', { locale: translate(candidate, 'locale.name') }),
      keywords: ['language', 'locale', '언어', translate(candidate, 'locale.name')],
      run: done(() => setLocale(candidate)),
    }));
    const home: PaletteCommand[] = activeRole
      ? [{ name: 'home', label: t('palette.home', { role: localized(activeRole.name, locale) }), keywords: ['main'], run: done(() => setActiveTab(mainViewOf(activeRole))) }]
      : [];
    const pending: PaletteCommand = {
      name: 'pending',
      label: t('palette.pending'),
      keywords: ['unschedulable', 'scheduling'],
      run: done(() => {
        const ui = useUiStore.getState();
        ui.setActiveTab('pods');
        ui.setFilter('pods', 'phase=Pending');
      }),
    };
    const help: PaletteCommand = { name: 'help', label: t('palette.help'), keywords: ['keys', 'shortcuts'], hint: '?', run: done(onHelp) };
    return [...viewCommands, ...home, pending, ...roleCommands, ...localeCommands, help];
  }, [t, locale, roles, activeRole, setActiveTab, switchRole, setLocale, onHelp, close]);
}

/** Ctrl/Cmd+K or `:` opens it; type to narrow, ↑/↓ to pick, Enter to run, Esc to close. */
export function CommandPalette({ onHelp }: { onHelp(): void }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        setOpen((value) => !value);
        event.preventDefault();
      } else if (event.key === ':' && !isTypingTarget(event) && !event.defaultPrevented) {
        setOpen(true);
        event.preventDefault();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  if (!open) return null;
  return <PaletteDialog onHelp={onHelp} onClose={() => setOpen(false)} />;
}

function PaletteDialog({ onHelp, onClose }: { onHelp(): void; onClose(): void }) {
  const t = useT();
  const [input, setInput] = useState(':');
  const [active, setActive] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  const previousFocus = useRef<Element | null>(document.activeElement);
  const commands = useCommands(onHelp, onClose);
  const matches = useMemo(() => rankCommands(commands, input), [commands, input]);

  useEffect(() => {
    field.current?.focus();
    const before = previousFocus.current;
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);
  useEffect(() => setActive(0), [input]);

  function onKeyDown(event: ReactKeyboardEvent) {
    if (event.key === 'Escape') {
      onClose();
    } else if (event.key === 'ArrowDown' || (event.ctrlKey && event.key === 'n')) {
      setActive((index) => Math.min(matches.length - 1, index + 1));
    } else if (event.key === 'ArrowUp' || (event.ctrlKey && event.key === 'p')) {
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter') {
      matches[active]?.run();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="palette-overlay" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label={t('palette.title')} data-testid="command-palette" onMouseDown={(event) => event.stopPropagation()}>
        <input
          ref={field}
          className="palette__input"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('palette.placeholder')}
          aria-label={t('palette.title')}
          aria-controls="palette-list"
          aria-activedescendant={matches[active] ? `palette-${active}` : undefined}
          data-testid="palette-input"
          spellCheck={false}
          autoComplete="off"
        />
        <ul className="palette__list" id="palette-list" role="listbox">
          {matches.length === 0 && <li className="palette__empty">{t('palette.empty')}</li>}
          {matches.map((command, index) => (
            <li
              key={command.name}
              id={`palette-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'palette__item palette__item--active' : 'palette__item'}
              data-command={command.name}
              onMouseEnter={() => setActive(index)}
              onClick={() => command.run()}
            >
              <span className="palette__name">:{command.name}</span>
              <span className="palette__label">{command.label}</span>
              {command.hint && <kbd className="palette__hint">{command.hint}</kbd>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
