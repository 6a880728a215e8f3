import type { incidentChannels } from '../../shared/contract/incidents-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

/** Incidents and the audit trail, from the cache only (an incident opens with every center unreachable). */
export function incidentsHandlers({ incidents, audit }: CoreServices): Pick<ChannelHandlers, keyof typeof incidentChannels> {
  return {
    'incidents:list': ({ status }) => incidents.list({ status }),
    'incidents:get': ({ id }) => incidents.get(id),
    'incidents:create': (input) => incidents.create(input),
    'incidents:update': (input) => incidents.update(input),
    'incidents:delete': ({ id }) => ({ deleted: incidents.delete(id) }),
    'incidents:addNote': ({ id, markdown, at }) => incidents.addNote(id, markdown, at),
    'incidents:markEntry': ({ id, entryId, ...change }) => incidents.markEntry(id, entryId, change),
    'audit:list': (query) => audit.list(query),
  };
}
