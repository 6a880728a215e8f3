import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../components/keyboard-target.ts';
import { useUiStore, type ViewId } from '../state/ui-store.ts';

const byDigit: Record<string, ViewId> = { '1': 'nodes', '2': 'pods', '3': 'containers', '4': 'centers', '5': 'sign-in', '6': 'logs', '7': 'traces', '8': 'incidents', '9': 'map', '0': 'grouped' };
const afterG: Record<string, ViewId> = { n: 'nodes', p: 'pods', c: 'containers', s: 'centers', i: 'sign-in', l: 'logs', t: 'traces', a: 'incidents', m: 'map', o: 'grouped', v: 'services' };

/** 1–7 and g n / g p / g c / g s / g i / g l / g t switch views; ? toggles the shortcut help. */
export function useGlobalShortcuts(onToggleHelp: () => void): void {
  const pendingG = useRef<number | null>(null);
  const toggleHelp = useRef(onToggleHelp);
  toggleHelp.current = onToggleHelp;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const { setActiveTab } = useUiStore.getState();
      const gPressedAt = pendingG.current;
      pendingG.current = null;
      if (gPressedAt !== null && Date.now() - gPressedAt < 1500) {
        const tab = afterG[event.key];
        if (tab) {
          setActiveTab(tab);
          event.preventDefault();
          return;
        }
      }
      if (event.key === 'g') {
        pendingG.current = Date.now();
        return;
      }
      const tab = byDigit[event.key];
      if (tab) {
        setActiveTab(tab);
        event.preventDefault();
      } else if (event.key === '?') {
        toggleHelp.current();
        event.preventDefault();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
