export { IncidentService, alertLookbackMs, alertFollowMs, type CreateIncidentInput, type UpdateIncidentInput, type IncidentWithTimeline, type IncidentServiceOptions, type IncidentChange } from './incident-service.ts';
export { IncidentStore, newIncidentId } from './incident-store.ts';
export { WindowReader, workloadOf, type IncidentWindowRecords, type WindowScope, type WindowSeries } from './window-reader.ts';
