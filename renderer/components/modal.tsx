import { useEffect, useRef, type ReactNode } from 'react';

/** Open modals, innermost last: only the top one answers the keyboard. */
const stack: symbol[] = [];

export interface ModalProps {
  label: string;
  /** Esc. Required: every modal must have a way out that is not a click. */
  onEscape(): void;
  children: ReactNode;
  testId?: string;
  tone?: 'default' | 'warn' | 'danger';
  /** role=alertdialog for questions that block work until answered. */
  alert?: boolean;
  /** What gets focus on open; default the dialog itself, so Enter activates nothing by accident. */
  initialFocus?: string;
  wide?: boolean;
}

function focusable(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled), [tabindex]:not([tabindex="-1"])')];
}

/**
 * A centred dialog that owns the keyboard while open: Esc calls `onEscape`, Enter only activates the
 * focused button (never a default action), Tab stays inside, and the console's shortcuts are paused.
 */
export function Modal({ label, onEscape, children, testId, tone = 'default', alert = false, initialFocus, wide = false }: ModalProps) {
  const root = useRef<HTMLDivElement>(null);
  const latestEscape = useRef(onEscape);
  latestEscape.current = onEscape;

  useEffect(() => {
    const id = Symbol(label);
    stack.push(id);
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = root.current;
    const first = initialFocus ? dialog?.querySelector<HTMLElement>(initialFocus) : null;
    (first ?? dialog)?.focus();

    function onKeyDown(event: KeyboardEvent) {
      if (stack[stack.length - 1] !== id || !dialog) return;
      // Nothing behind the modal hears the keyboard (table keys, tab digits, the help overlay).
      event.stopPropagation();
      const inside = event.target instanceof Node && dialog.contains(event.target);
      if (event.key === 'Escape') {
        event.preventDefault();
        latestEscape.current();
      } else if (event.key === 'Enter') {
        const onControl = inside && event.target instanceof HTMLElement && event.target.closest('button, a[href]');
        if (!onControl) event.preventDefault();
      } else if (event.key === 'Tab') {
        const items = focusable(dialog);
        if (items.length === 0) {
          event.preventDefault();
          return;
        }
        const index = inside ? items.indexOf(event.target as HTMLElement) : -1;
        if (event.shiftKey && index <= 0) {
          event.preventDefault();
          items[items.length - 1]!.focus();
        } else if (!event.shiftKey && (index === -1 || index === items.length - 1)) {
          event.preventDefault();
          items[0]!.focus();
        }
      } else if (!inside) {
        event.preventDefault();
      }
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      stack.splice(stack.indexOf(id), 1);
      if (previous?.isConnected && stack.length === 0) previous.focus();
    };
    // Mount-only: the dialog keeps its focus and listener while its content changes.
  }, []);

  return (
    <div className="modal-overlay">
      <div
        ref={root}
        className={`modal modal--${tone}${wide ? ' modal--wide' : ''}`}
        role={alert ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        data-testid={testId}
      >
        {children}
      </div>
    </div>
  );
}
