#!/usr/bin/env node
// Runs before `npm start` and `npm test` on a machine that may have nothing but Node and npm.
// Plain JavaScript on purpose: it must run before any dependency (TypeScript, tsx) exists.
//
//   node resources/setup/ensure-deps.mjs                    npm dependencies only
//   node resources/setup/ensure-deps.mjs --with-system test  plus the Debian packages the tests use
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stampPath = join(root, 'node_modules', '.opsdesk-install-stamp');
const say = (line) => console.log(`opsdesk setup: ${line}`);

/** Debian packages per profile; `test` brings the real servers and browser the suite runs against. */
const systemProfiles = {
  test: [
    'prometheus',
    'prometheus-alertmanager',
    'prometheus-node-exporter',
    'chromium',
    // CJK glyphs for the Korean UI in Chromium screenshots.
    'fonts-nanum',
    'libsecret-1-dev',
    'openssh-server',
    'openssh-client',
    'gnome-keyring',
    'dbus-daemon',
    'dbus-bin',
  ],
};

function run(command, args, env = process.env) {
  return spawnSync(command, args, { cwd: root, env, stdio: 'inherit' }).status === 0;
}

function fail(message) {
  console.error(`opsdesk setup: ${message}`);
  process.exit(1);
}

function installedDebianPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  if (result.error) return null; // not a Debian-family system
  return new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.endsWith(' install ok installed'))
      .map((line) => line.split(' ')[0]),
  );
}

function ensureSystemPackages(profile) {
  const wanted = systemProfiles[profile];
  if (!wanted) fail(`unknown system profile "${profile}" (known: ${Object.keys(systemProfiles).join(', ')})`);
  const installed = installedDebianPackages(wanted);
  if (installed === null) {
    fail(`the ${profile} profile needs Debian packages (${wanted.join(' ')}) but dpkg-query is not available here`);
  }
  const missing = wanted.filter((name) => !installed.has(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    fail(`missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update', '-qq'], aptEnv)) fail('apt-get update failed; check the machine can reach its Debian mirror');
  if (!run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], aptEnv)) {
    fail(`apt-get install ${missing.join(' ')} failed (see the lines above)`);
  }
}

function dependencyFingerprint() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  hash.update(process.version);
  return hash.digest('hex');
}

function keytarLoads() {
  try {
    createRequire(join(root, 'package.json'))('keytar');
    return true;
  } catch {
    return false;
  }
}

/** After an Electron start, native modules carry Electron's ABI; Node (tests, host, CLI) needs its own. */
function nativeModulesLoadInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root });
  return probe.status === 0;
}

function installDependencies() {
  const command = existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install';
  const args = [command, '--no-audit', '--no-fund'];
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
    say(`installing npm dependencies (npm ${command})`);
    if (run('npm', args)) return;
    say('npm install failed; retrying with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (offline or locked-down desk: no Electron binary, npm start opens the console in a browser)');
  } else {
    say(`installing npm dependencies without the Electron binary (npm ${command})`);
  }
  if (!run('npm', args, { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) {
    fail('npm install failed even without the Electron binary (see the lines above)');
  }
}

const systemFlag = process.argv.indexOf('--with-system');
const systemProfile = systemFlag >= 0 ? process.argv[systemFlag + 1] : undefined;
if (systemProfile) ensureSystemPackages(systemProfile);

const fingerprint = dependencyFingerprint();
const upToDate = existsSync(stampPath) && readFileSync(stampPath, 'utf8') === fingerprint;
// keytar is optional (it needs libsecret at build time); once the test profile has brought libsecret, build it.
const needsKeytar = systemProfile === 'test' && !keytarLoads();
if (!upToDate || needsKeytar) {
  installDependencies();
  writeFileSync(stampPath, fingerprint);
} else if (!nativeModulesLoadInNode()) {
  say('native modules were built for another runtime (Electron); rebuilding them for Node');
  if (!run('npm', ['rebuild', 'better-sqlite3', 'keytar'])) fail('npm rebuild better-sqlite3 keytar failed (see the lines above)');
}
