import type { exportChannels } from '../../shared/contract/exports-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

export function exportsHandlers(services: CoreServices): Pick<ChannelHandlers, keyof typeof exportChannels> {
  return {
    'incidents:export': ({ incidentId, format, timeZone }) => services.exports.export(incidentId, format, timeZone ? { timeZone } : {}),
    'packs:verify': ({ path }) => services.exports.verify(path),
    'packs:import': async ({ path }) => {
      const outcome = await services.exports.import(path);
      return { incidentId: outcome.incidentId, verdict: outcome.verdict, alreadyImported: outcome.alreadyImported, timeline: outcome.timeline };
    },
  };
}
