import type { incidentChannels } from '../../shared/contract/incidents-channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

function notYet(): never {
  throw new ApiFailure('unavailable', 'incidents are being wired');
}

export function incidentsHandlers(_services: CoreServices): Pick<ChannelHandlers, keyof typeof incidentChannels> {
  return {
    'incidents:list': notYet,
    'incidents:get': notYet,
    'incidents:create': notYet,
    'incidents:update': notYet,
    'incidents:delete': notYet,
    'incidents:addNote': notYet,
    'incidents:markEntry': notYet,
    'audit:list': notYet,
  };
}
