import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { channelNames, channels, eventNames, events } from '../../shared/contract/channels.ts';
import { repoRoot } from '../../electron/build.ts';
import { startCore } from '../../electron/core.ts';
import { createHttpApi } from '../../renderer/api/http-client.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('parity');
after(() => dir.remove());
const sorted = (names: Iterable<string>) => [...names].sort();

test('channels are namespaced domain:verb and events domain:onDidX', () => {
  for (const name of channelNames) assert.match(name, /^[a-z]+:[a-z][a-zA-Z]*$/, name);
  for (const name of eventNames) assert.match(name, /^[a-z]+:onDid[A-Z][a-zA-Z]*$/, name);
  assert.deepEqual(sorted(channelNames), sorted(Object.keys(channels)));
  assert.deepEqual(sorted(eventNames), sorted(Object.keys(events)));
});

test('the dispatcher answers exactly the contract channels', async () => {
  const core = await startCore({ dataDir: dir.path, version: 'test', log: () => undefined });
  try {
    assert.deepEqual(sorted(core.dispatcher.channels), sorted(channelNames));
  } finally {
    await core.close();
  }
});

test("the preload bundle exposes one function per channel plus subscribe, and strips the IPC event", async () => {
  const bundle = await build({
    entryPoints: [join(repoRoot, 'electron', 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
  });
  const exposed: Record<string, Record<string, unknown>> = {};
  const invocations: Array<[string, unknown]> = [];
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invocations.push([channel, input]);
        return { ok: true, value: null };
      },
      on: (event: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(event, listener),
      removeListener: (event: string) => listeners.delete(event),
    },
  };
  const module = { exports: {} };
  runInNewContext(bundle.outputFiles[0]!.text, {
    module,
    exports: module.exports,
    require: (id: string) => (id === 'electron' ? fakeElectron : createRequire(import.meta.url)(id)),
  });
  const api = exposed.opsdesk;
  assert.ok(api, 'preload exposes window.opsdesk');
  assert.deepEqual(sorted(Object.keys(api)), sorted([...channelNames, 'subscribe']));
  assert.ok(Object.isFrozen(api));
  await (api['inventory:nodes'] as (input: unknown) => Promise<unknown>)({ centerIds: ['seoul-dc'] });
  assert.deepEqual(invocations, [['inventory:nodes', { centerIds: ['seoul-dc'] }]]);
  const received: unknown[] = [];
  const unsubscribe = (api.subscribe as (event: string, listener: (payload: unknown) => void) => () => void)('sync:onDidChangeStatus', (payload) => received.push(payload));
  listeners.get('sync:onDidChangeStatus')!({ sender: 'ipc internals' }, [1]);
  assert.deepEqual(received, [[1]]);
  unsubscribe();
  assert.equal(listeners.size, 0);
  assert.throws(() => (api.subscribe as (event: string, listener: () => void) => void)('shell:onDidExec', () => undefined), /unknown event/);
});

test('the browser client offers exactly the same channels', () => {
  const api = createHttpApi('http://127.0.0.1:1', 'token');
  assert.deepEqual(sorted(Object.keys(api)), sorted([...channelNames, 'subscribe']));
});

test("the Electron shell is typechecked against Electron's own type definitions", () => {
  const electronTypes = join(createRequire(import.meta.url).resolve('electron/package.json'), '..', 'electron.d.ts');
  assert.ok(existsSync(electronTypes), 'electron.d.ts ships with the electron package even without its binary');
  const listed = execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--listFilesOnly'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  for (const file of ['electron/main.ts', 'electron/preload.ts', 'node_modules/electron/electron.d.ts']) {
    assert.ok(listed.includes(join(repoRoot, file)), `${file} is part of the typechecked program`);
  }
});
