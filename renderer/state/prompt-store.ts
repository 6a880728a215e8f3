import { create } from 'zustand';
import type { EventPayload, HostKeyPrompt } from '../../shared/contract/channels.ts';
import { dequeueHostKey, enqueueHostKey } from './access-format.ts';

export type DeviceCode = EventPayload<'auth:onDidReceiveDeviceCode'>;

/** Questions main asks the user (host keys) and what a running device sign-in must show: UI state only. */
export interface PromptState {
  hostKeys: HostKeyPrompt[];
  deviceCode: DeviceCode | null;
  /** The user hid the device-code modal; the sign-in still runs and the Sign-in view can show it again. */
  deviceCodeHidden: boolean;
  pushHostKey(prompt: HostKeyPrompt): void;
  removeHostKey(requestId: string): void;
  setDeviceCode(code: DeviceCode): void;
  setDeviceCodeHidden(hidden: boolean): void;
  /** Ends the device-code modal (of this profile only, when given). */
  clearDeviceCode(profileId?: string): void;
}

export const usePromptStore = create<PromptState>()((set) => ({
  hostKeys: [],
  deviceCode: null,
  deviceCodeHidden: false,
  pushHostKey: (prompt) => set((state) => ({ hostKeys: enqueueHostKey(state.hostKeys, prompt) })),
  removeHostKey: (requestId) => set((state) => ({ hostKeys: dequeueHostKey(state.hostKeys, requestId) })),
  setDeviceCode: (deviceCode) => set({ deviceCode, deviceCodeHidden: false }),
  setDeviceCodeHidden: (deviceCodeHidden) => set({ deviceCodeHidden }),
  clearDeviceCode: (profileId) =>
    set((state) => (profileId === undefined || state.deviceCode?.profileId === profileId ? { deviceCode: null, deviceCodeHidden: false } : {})),
}));
