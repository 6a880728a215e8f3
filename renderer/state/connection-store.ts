import { create } from 'zustand';
import type { EventConnectionState } from '../api/http-client.ts';

/** Whether pushes from the host are arriving (always "open" under Electron IPC). */
export const useConnectionStore = create<{ events: EventConnectionState; set(state: EventConnectionState): void }>()(
  (set) => ({
    events: 'connecting',
    set: (events) => set({ events }),
  }),
);
