import type { incidentChannels } from '../../shared/contract/incidents-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

export function incidentsHandlers(_services: CoreServices): Pick<ChannelHandlers, keyof typeof incidentChannels> {
  return {};
}
