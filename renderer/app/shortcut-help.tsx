import { useEffect } from 'react';
import { useT } from '../i18n/locale-store.ts';

const shortcuts: [keys: string[], action: string][] = [
  [['1', '2', '3'], 'Nodes, Pods, Containers'],
  [['g n', 'g p', 'g c'], 'Go to Nodes, Pods, Containers'],
  [['4', 'g s'], 'Centers: add, edit, test, remove'],
  [['5', 'g i'], 'Sign-in sessions'],
  [['6', 'g l'], 'Logs: search, filter, live tail'],
  [['7', 'g t'], 'Traces: search and waterfall'],
  [['8', 'g a'], 'Incidents: alerts, timeline, exports, packs'],
  [['9', 'g m'], 'Map: a cell per node, pod or container, coloured by a metric'],
  [['[', ']'], 'On the map: step back / forward in time (arrows move, Enter opens)'],
  [['s', 'h', 'n'], 'In an incident: star, hide, annotate the focused entry (j/k move)'],
  [['a', 'e', 't'], 'In Centers: add, edit, test the selected center'],
  [['j', 'k'], 'Move the selection down / up'],
  [['Enter'], 'Open the selected row in the detail pane'],
  [['Esc'], 'Close the detail pane or a menu'],
  [['0', 'g o'], 'Grouped: the role\'s grouping (tree)'],
  [['g v'], 'Services: availability, error rate, latency'],
  [['r'], 'Cycle roles (grouping, columns, panels follow)'],
  [['Alt+1', 'Alt+2', 'Alt+3'], 'Pick a role directly'],
  [['Ctrl+K', ':'], 'Command palette (:nodes, :pods, :role sre, :lang ko)'],
  [['h', 'l'], 'In Grouped: collapse / expand a group'],
  [['/'], 'Filter: text, "a phrase", re:^check, app=checkout, app!=x, !term'],
  [['?'], 'Show or hide this help'],
];

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const t = useT();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' && event.key !== '?') return;
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [onClose]);
  return (
    <div className="help-overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="help" onClick={(event) => event.stopPropagation()}>
        <h2>{t('help.title')}</h2>
        <dl>
          {shortcuts.map(([keys, action]) => (
            <div key={action} className="help__row">
              <dt>
                {keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
