import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, isEventName, type EventName, type OpsDeskApi } from '../shared/contract/channels.ts';

/** One function per channel, built from the contract; no raw ipcRenderer reaches the page. */
export function buildPreloadApi(invoke: (channel: string, input: unknown) => Promise<unknown>, renderer: Pick<typeof ipcRenderer, 'on' | 'removeListener'>): OpsDeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) api[channel] = (input: unknown) => invoke(channel, input ?? {});
  api.subscribe = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    // Strip the IpcRendererEvent: the page never sees sender or ports.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    renderer.on(event, forward);
    return () => renderer.removeListener(event, forward);
  };
  return Object.freeze(api) as OpsDeskApi;
}

contextBridge.exposeInMainWorld('opsdesk', buildPreloadApi((channel, input) => ipcRenderer.invoke(channel, input), ipcRenderer));
