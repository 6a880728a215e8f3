import type { mapChannels } from '../../shared/contract/map-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

export function mapHandlers(_services: CoreServices): Pick<ChannelHandlers, keyof typeof mapChannels> {
  return {};
}
