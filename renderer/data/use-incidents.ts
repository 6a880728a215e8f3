import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../shared/contract/channels.ts';
import { exportFormatSchema, type ExportFormat, type ExportResult, type PackVerdict } from '../../shared/contract/exports-channels.ts';
import type { IncidentWithTimeline } from '../../shared/contract/incidents-channels.ts';
import type { TimelineEntry } from '../../shared/domain/incidents.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export const exportFormats: readonly ExportFormat[] = exportFormatSchema.options;
export type { ExportFormat, ExportResult, PackVerdict };

export function useIncidents() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.incidents.list(),
    queryFn: () => unwrap('incidents:list', api['incidents:list']({})),
    staleTime: staleTimes.incidents,
  });
}

export function useIncident(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.incidents.detail(id ?? ''),
    queryFn: () => unwrap('incidents:get', api['incidents:get']({ id: id ?? '' })),
    enabled: id !== null,
    staleTime: staleTimes.incidents,
  });
}

export function useAlerts(centerIds: readonly string[]) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.alerts.list(centerIds),
    queryFn: () => unwrap('alerts:list', api['alerts:list']({ centerIds: [...centerIds] })),
    staleTime: staleTimes.alerts,
    refetchInterval: 30_000,
  });
}

function invalidateIncidents(client: QueryClient, id?: string): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.incidents.list() }),
    id ? client.invalidateQueries({ queryKey: queryKeys.incidents.detail(id) }) : Promise.resolve(),
  ]).then(() => undefined);
}

export function useCreateIncident() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'incidents:create'>) => unwrap('incidents:create', api['incidents:create'](input)),
    onSuccess: (incident) => invalidateIncidents(client, incident.id),
  });
}

export function useUpdateIncident() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'incidents:update'>) => unwrap('incidents:update', api['incidents:update'](input)),
    onSuccess: (incident) => {
      client.setQueryData<IncidentWithTimeline>(queryKeys.incidents.detail(incident.id), (current) => (current ? { ...current, incident } : current));
      // A grown window brings more of the timeline; the list shows the new fields.
      return invalidateIncidents(client, incident.id);
    },
  });
}

export function useDeleteIncident() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap('incidents:delete', api['incidents:delete']({ id })),
    onSuccess: () => invalidateIncidents(client),
  });
}

function replaceEntry(client: QueryClient, id: string, entry: TimelineEntry): void {
  client.setQueryData<IncidentWithTimeline>(queryKeys.incidents.detail(id), (current) => {
    if (!current) return current;
    const exists = current.timeline.some((candidate) => candidate.id === entry.id);
    const timeline = exists ? current.timeline.map((candidate) => (candidate.id === entry.id ? entry : candidate)) : [...current.timeline, entry];
    return { ...current, timeline };
  });
}

export function useMarkEntry(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<ChannelInput<'incidents:markEntry'>, 'id'>) => unwrap('incidents:markEntry', api['incidents:markEntry']({ id, ...input })),
    onSuccess: (entry) => replaceEntry(client, id, entry),
  });
}

export function useAddNote(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { markdown: string; at?: number }) => unwrap('incidents:addNote', api['incidents:addNote']({ id, ...input })),
    onSuccess: (entry) => replaceEntry(client, id, entry),
  });
}

export function useExportIncident() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: ChannelInput<'incidents:export'>) => unwrap('incidents:export', api['incidents:export'](input)),
  });
}

export function useVerifyPack() {
  const api = useApi();
  return useMutation({
    mutationFn: (path: string) => unwrap('packs:verify', api['packs:verify']({ path })),
  });
}

/** Imports a verified pack; the incident it holds opens read-only. */
export function useImportPack() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => unwrap('packs:import', api['packs:import']({ path })),
    onSuccess: (imported) => invalidateIncidents(client, imported.incidentId),
  });
}
