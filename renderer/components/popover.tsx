import { useEffect, useRef, type ReactNode } from 'react';

export interface PopoverProps {
  open: boolean;
  onClose(): void;
  /** The button that toggles the popover (kept outside "outside-click" handling). */
  anchor: ReactNode;
  children: ReactNode;
  className?: string;
  label: string;
}

/** A dropdown panel that closes on Escape or a click elsewhere and returns focus to its anchor. */
export function Popover({ open, onClose, anchor, children, className, label }: PopoverProps) {
  const root = useRef<HTMLDivElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (root.current && event.target instanceof Node && !root.current.contains(event.target)) latestClose.current();
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      latestClose.current();
      root.current?.querySelector<HTMLElement>('[data-popover-anchor]')?.focus();
    }
    document.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [open]);

  return (
    <div className={`popover-root ${className ?? ''}`} ref={root}>
      {anchor}
      {open && (
        <div className="popover" role="dialog" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}
