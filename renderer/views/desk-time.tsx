import { deskTime } from '../format/time.ts';
import { useUiStore } from '../state/ui-store.ts';

/** A time in the desk's zone; hovering shows the same instant in UTC. */
export function DeskTime({ at, suffix }: { at: number; suffix?: string }) {
  const timeZone = useUiStore((state) => state.timeZone);
  const time = deskTime(at, timeZone);
  return (
    <time dateTime={time.iso} title={time.utc} data-testid="desk-time">
      {time.text}
      {suffix}
    </time>
  );
}
