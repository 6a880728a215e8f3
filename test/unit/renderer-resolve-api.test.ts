import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpsDeskApi } from '../../shared/contract/channels.ts';
import { resolveApi, tokenStorageKey } from '../../renderer/api/resolve-api.ts';

function fakeWindow(href: string, options: { opsdesk?: OpsDeskApi; stored?: string } = {}) {
  const url = new URL(href);
  const storage = new Map<string, string>(options.stored ? [[tokenStorageKey, options.stored]] : []);
  const replaced: string[] = [];
  const win = {
    opsdesk: options.opsdesk,
    location: {
      get hash() {
        return url.hash;
      },
      get pathname() {
        return url.pathname;
      },
      get search() {
        return url.search;
      },
      get origin() {
        return url.origin;
      },
    },
    history: {
      state: null,
      replaceState(_state: unknown, _title: string, next: string) {
        replaced.push(next);
        const resolved = new URL(next, url);
        url.hash = resolved.hash;
      },
    },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    },
  };
  return { win: win as unknown as Window, storage, replaced, url };
}

describe('choosing the transport', () => {
  it('uses the preload API under Electron', () => {
    const preload = { subscribe: () => () => {} } as unknown as OpsDeskApi;
    const { win } = fakeWindow('file:///app/index.html', { opsdesk: preload });
    const resolution = resolveApi(win);
    assert.ok(resolution.ok);
    assert.equal(resolution.api, preload);
    assert.equal(resolution.transport, 'electron');
  });

  it('takes the token from the fragment, keeps it for this tab and removes it from the URL', () => {
    const { win, storage, replaced, url } = fakeWindow('http://127.0.0.1:4321/?x=1#token=abc_DEF-123');
    const resolution = resolveApi(win);
    assert.ok(resolution.ok);
    assert.equal(resolution.transport, 'http');
    assert.equal(typeof resolution.api['inventory:nodes'], 'function');
    assert.equal(storage.get(tokenStorageKey), 'abc_DEF-123');
    assert.deepEqual(replaced, ['/?x=1']);
    assert.equal(url.hash, '');
  });

  it('reuses the stored token after a reload', () => {
    const { win, replaced } = fakeWindow('http://127.0.0.1:4321/', { stored: 'kept' });
    assert.ok(resolveApi(win).ok);
    assert.deepEqual(replaced, []);
  });

  it('explains a missing token', () => {
    const { win } = fakeWindow('http://127.0.0.1:4321/');
    const resolution = resolveApi(win);
    assert.equal(resolution.ok, false);
    assert.match(!resolution.ok ? resolution.reason : '', /token/);
  });
});
