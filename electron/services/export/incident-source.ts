import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';

/** What exports and packs read an incident through (the incidents service implements it). */
export interface IncidentSource {
  get(id: string): { incident: Incident; timeline: TimelineEntry[] } | Promise<{ incident: Incident; timeline: TimelineEntry[] }>;
}
