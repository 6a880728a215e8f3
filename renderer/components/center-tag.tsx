import type { CenterSummary } from '../../shared/contract/channels.ts';

/** A center id as a compact tag; the full name and kind in its tooltip. */
export function CenterTag({ centerId, center }: { centerId: string; center: CenterSummary | undefined }) {
  const title = center ? `${center.name} · ${center.kind} · ${center.region}${center.demo ? ' · demo' : ''}` : centerId;
  return (
    <span className={`center-tag center-tag--${center?.kind ?? 'unknown'}`} title={title} data-center-id={centerId}>
      {centerId}
    </span>
  );
}
