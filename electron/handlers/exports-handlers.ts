import type { exportChannels } from '../../shared/contract/exports-channels.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

export function exportsHandlers(_services: CoreServices): Pick<ChannelHandlers, keyof typeof exportChannels> {
  return {};
}
