import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { journalCommand, quoteShellArg, shellCommand, UnsafeArgumentError } from '../../electron/connectors/ssh-logs/index.ts';

/** What a real POSIX shell makes of `printf '%s\n' <quoted…>`: the arguments it received. */
function throughShell(shell: string, command: string): string[] {
  const result = spawnSync(shell, ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').slice(0, -1);
}

const hostile = [
  "web app's.service",
  "it''s",
  "'",
  "a'b'c",
  '$(touch /tmp/opsdesk-pwned)',
  '`id`',
  '"; rm -rf / #',
  '$HOME ${PATH} \\ \\\\ * ? [a] ~ !x & | ; < > ( )',
  '--after-cursor=s=abc;i=1;b=def',
  '',
  ' leading and trailing ',
  'ünïcode ✓',
];

test('single quotes with the \'\\\'\' escape', () => {
  assert.equal(quoteShellArg('plain'), "'plain'");
  assert.equal(quoteShellArg("it's"), "'it'\\''s'");
  assert.equal(quoteShellArg(''), "''");
});

for (const shell of ['/bin/sh', '/bin/bash']) {
  test(`every hostile argument reaches ${shell} unchanged and runs nothing`, () => {
    assert.deepEqual(throughShell(shell, shellCommand(hostile)), hostile);
  });
}

test('NUL and line breaks are refused', () => {
  for (const value of ['a\0b', 'a\nb', 'a\rb', '\n']) {
    assert.throws(() => quoteShellArg(value), UnsafeArgumentError);
  }
});

test('journalctl command: -n without a cursor, --after-cursor with one, unit quoted', () => {
  assert.equal(journalCommand({ cursor: null, maxLines: 50 }), "'journalctl' '-o' 'json' '--no-pager' '-n' '50'");
  assert.equal(
    journalCommand({ unit: "web app's.service", cursor: 's=1;i=2', maxLines: 50 }),
    "'journalctl' '-o' 'json' '--no-pager' '-u' 'web app'\\''s.service' '--after-cursor=s=1;i=2'",
  );
  assert.deepEqual(throughShell('/bin/sh', journalCommand({ unit: "web app's.service", cursor: 's=1;i=2', maxLines: 5 }).replace(/^'journalctl' /, '')), [
    '-o',
    'json',
    '--no-pager',
    '-u',
    "web app's.service",
    '--after-cursor=s=1;i=2',
  ]);
  assert.throws(() => journalCommand({ unit: 'a\nb', cursor: null, maxLines: 1 }), UnsafeArgumentError);
});
