import type { roleChannels } from '../../shared/contract/roles-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

export function rolesHandlers(_services: CoreServices): Pick<ChannelHandlers, keyof typeof roleChannels> {
  return {};
}
