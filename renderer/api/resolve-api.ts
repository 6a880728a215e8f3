import type { OpsDeskApi } from '../../shared/contract/channels.ts';
import { createHttpApi, type HttpApiOptions } from './http-client.ts';

declare global {
  interface Window {
    /** Present in Electron: exposed by the preload through contextBridge. */
    opsdesk?: OpsDeskApi;
  }
}

export const tokenStorageKey = 'opsdesk.token';

export type ApiResolution =
  | { ok: true; api: OpsDeskApi; transport: 'electron' | 'http' }
  | { ok: false; reason: string };

/** Reads `#token=…` once, keeps it for reloads of this tab, and removes it from the address bar. */
export function takeTokenFromLocation(win: Window): string | null {
  const hash = win.location.hash.startsWith('#') ? win.location.hash.slice(1) : win.location.hash;
  const params = new URLSearchParams(hash);
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      win.sessionStorage.setItem(tokenStorageKey, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    params.delete('token');
    const rest = params.toString();
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(tokenStorageKey);
  } catch {
    return null;
  }
}

/** Electron's preload API when present, otherwise the loopback host over HTTP with the launch token. */
export function resolveApi(win: Window, options: HttpApiOptions = {}): ApiResolution {
  if (win.opsdesk) return { ok: true, api: win.opsdesk, transport: 'electron' };
  const token = takeTokenFromLocation(win);
  if (!token) {
    return {
      ok: false,
      reason: 'This page was opened without an access token. Open the address OpsDesk printed when it started (it ends in #token=…).',
    };
  }
  return { ok: true, api: createHttpApi(win.location.origin, token, options), transport: 'http' };
}
