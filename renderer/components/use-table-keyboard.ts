import { useEffect, useRef, type RefObject } from 'react';
import { isTypingTarget } from './keyboard-target.ts';

export interface TableKeyboardOptions {
  /** Row keys in display order. */
  keys: readonly string[];
  selectedKey: string | null;
  onSelect(key: string): void;
  onOpen(key: string): void;
  onClose(): void;
  filterInput: RefObject<HTMLInputElement | null>;
}

/** j/k move the highlight, Enter opens it, Escape closes the detail, / focuses the filter. */
export function useTableKeyboard(options: TableKeyboardOptions): void {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const { keys, selectedKey, onSelect, onOpen, onClose, filterInput } = latest.current;
      const input = filterInput.current;
      if (event.target === input && input) {
        if (event.key === 'Escape') {
          input.blur();
          event.preventDefault();
        } else if (event.key === 'Enter' || event.key === 'ArrowDown') {
          // Leave the filter for the rows, keeping the first match highlighted.
          input.blur();
          if (!selectedKey || !keys.includes(selectedKey)) {
            const first = keys[0];
            if (first) onSelect(first);
          }
          event.preventDefault();
        }
        return;
      }
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const position = selectedKey ? keys.indexOf(selectedKey) : -1;
      switch (event.key) {
        case 'j':
        case 'ArrowDown': {
          const next = keys[Math.min(keys.length - 1, position + 1)];
          if (next) onSelect(next);
          event.preventDefault();
          break;
        }
        case 'k':
        case 'ArrowUp': {
          const previous = keys[position < 0 ? 0 : Math.max(0, position - 1)];
          if (previous) onSelect(previous);
          event.preventDefault();
          break;
        }
        case 'Enter':
          // Enter on a focused control activates that control, not the row.
          if (event.target instanceof Element && event.target.closest('button, a, summary, [role="dialog"]')) break;
          if (selectedKey && keys.includes(selectedKey)) {
            onOpen(selectedKey);
            event.preventDefault();
          }
          break;
        case 'Escape':
          onClose();
          break;
        case '/':
          input?.focus();
          input?.select();
          event.preventDefault();
          break;
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
