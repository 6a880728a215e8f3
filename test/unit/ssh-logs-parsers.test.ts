import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { logLineRecordSchema } from '../../shared/domain/logs.ts';
import {
  fileTailCommand,
  JournalParseError,
  leadingTimestampNs,
  parseFileCursor,
  parseFileTailOutput,
  parseJournalOutput,
  priorityLevel,
} from '../../electron/connectors/ssh-logs/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/journal/${name}`, import.meta.url), 'utf8');
const journalOptions = { centerId: 'dc1', fallbackHost: 'fallback', maxLines: 1_000 };

describe('journal JSON', () => {
  test('the fixture converts field by field', () => {
    const { lines, cursor } = parseJournalOutput(fixture('entries.jsonl'), journalOptions);
    assert.equal(lines.length, 8);
    for (const line of lines) logLineRecordSchema.parse(line);
    assert.match(cursor!, /^s=[0-9a-f]+;i=8;/);
    const first = lines[0]!;
    assert.equal(first.timestampNs, '1709640000000123000');
    assert.equal(first.timestamp, 1709640000000);
    assert.deepEqual(first.labels, { host: 'legacy-01', unit: "web app's.service" });
    assert.equal(first.metadata.syslog_identifier, 'webapp');
    assert.equal(first.metadata.priority, '6');
    assert.deepEqual(
      lines.map((line) => line.level),
      ['info', 'warn', 'info', 'error', 'debug', 'info', 'error', 'info'],
    );
    assert.equal(lines[5]!.line, 'hi \ufffd bytes', 'MESSAGE as a byte array');
    assert.equal(lines[3]!.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(new Set(lines.map((line) => line.id)).size, 8);
    assert.deepEqual(parseJournalOutput(fixture('entries.jsonl'), journalOptions).lines.map((line) => line.id), lines.map((line) => line.id));
  });

  test('maxLines keeps the first entries and the cursor of the last kept', () => {
    const all = parseJournalOutput(fixture('entries.jsonl'), journalOptions);
    const two = parseJournalOutput(fixture('entries.jsonl'), { ...journalOptions, maxLines: 2 });
    assert.equal(two.lines.length, 2);
    assert.equal(two.cursor, all.lines[1]!.metadata.cursor);
  });

  test('empty output: no lines, no cursor', () => {
    assert.deepEqual(parseJournalOutput('', journalOptions), { lines: [], cursor: null });
    assert.deepEqual(parseJournalOutput('\n\n', journalOptions), { lines: [], cursor: null });
  });

  test('missing fields fall back; no PRIORITY means the level is detected from the message', () => {
    const { lines } = parseJournalOutput('{"__CURSOR":"c1","__REALTIME_TIMESTAMP":"5","MESSAGE":"WARN disk"}\n', { ...journalOptions, unit: 'u.service' });
    assert.deepEqual(lines[0]!.labels, { host: 'fallback', unit: 'u.service' });
    assert.equal(lines[0]!.level, 'warn');
    assert.equal(lines[0]!.timestampNs, '5000');
  });

  test('malformed lines are errors naming the line number', () => {
    assert.throws(() => parseJournalOutput(fixture('malformed.jsonl'), journalOptions), (error: unknown) => error instanceof JournalParseError && error.lineNumber === 3 && /line 3/.test(error.message));
    const good = '{"__CURSOR":"c","__REALTIME_TIMESTAMP":"1","MESSAGE":"m"}';
    const cases: Array<[string, RegExp]> = [
      [`${good}\n[1,2]`, /line 2: not a JSON object/],
      [`${good}\n{"__REALTIME_TIMESTAMP":"1"}`, /line 2: no __CURSOR/],
      [`{"__CURSOR":"c","__REALTIME_TIMESTAMP":"1.5"}`, /line 1: __REALTIME_TIMESTAMP/],
      [`{"__CURSOR":"c"}`, /line 1: __REALTIME_TIMESTAMP/],
    ];
    for (const [text, pattern] of cases) assert.throws(() => parseJournalOutput(text, journalOptions), pattern);
  });

  test('PRIORITY 0-7', () => {
    assert.deepEqual(['0', '1', '2', '3', '4', '5', '6', '7'].map(priorityLevel), ['error', 'error', 'error', 'error', 'warn', 'info', 'info', 'debug']);
    assert.equal(priorityLevel('8'), null);
    assert.equal(priorityLevel(undefined), null);
  });
});

describe('file tail', () => {
  const temp = makeTempDir('ssh-logs-unit');
  after(() => temp.remove());
  const options = { centerId: 'dc1', host: 'h', path: '/var/log/app.log', maxLines: 100, pullTimeMs: Date.UTC(2024, 5, 1) };

  test('cursor syntax', () => {
    assert.equal(parseFileCursor(null), null);
    assert.deepEqual(parseFileCursor('1234:56'), { inode: '1234', offset: 56 });
    for (const bad of ['', '12', 'a:1', '1:-1', '1:01', '1:2:3']) assert.throws(() => parseFileCursor(bad));
  });

  test('complete lines only; the cursor stops before a partial line', () => {
    const output = Buffer.from('77:40:10\nfirst\r\nsecond\npart');
    const result = parseFileTailOutput(output, { inode: '77', offset: 10 }, options);
    assert.deepEqual(result.lines.map((line) => line.line), ['first', 'second']);
    assert.equal(result.cursor, `77:${10 + 'first\r\nsecond\n'.length}`);
    assert.equal(result.restarted, false);
    assert.deepEqual(result.lines[0]!.labels, { host: 'h', file: '/var/log/app.log' });
    // Unstamped lines: pull time, one ns apart so equal lines stay distinct.
    assert.equal(result.lines[0]!.timestampNs, String(BigInt(options.pullTimeMs) * 1_000_000n));
    assert.equal(result.lines[1]!.timestampNs, String(BigInt(options.pullTimeMs) * 1_000_000n + 1n));
    for (const line of result.lines) logLineRecordSchema.parse(line);
  });

  test('restart from 0 is reported; maxLines caps; bad header is an error', () => {
    const restarted = parseFileTailOutput(Buffer.from('78:6:0\na\nb\nc\n'), { inode: '77', offset: 99 }, { ...options, maxLines: 2 });
    assert.equal(restarted.restarted, true);
    assert.equal(restarted.cursor, '78:4');
    assert.throws(() => parseFileTailOutput(Buffer.from('stat: cannot stat'), null, options), /unexpected answer from stat/);
  });

  test('leading stamps: RFC 3339 with offsets and fractions, syslog with the year guessed', () => {
    const now = new Date(Date.UTC(2024, 0, 1, 6));
    assert.equal(leadingTimestampNs('2024-03-05T12:00:00Z x', now), String(Date.UTC(2024, 2, 5, 12) * 1e6));
    assert.equal(leadingTimestampNs('2024-03-05T12:00:00.123456789+02:00 x', now), `${Date.UTC(2024, 2, 5, 10) / 1000}123456789`);
    assert.equal(leadingTimestampNs('[2024-03-05 12:00:00,5] x', now), String((Date.UTC(2024, 2, 5, 12) + 500) * 1e6));
    assert.equal(leadingTimestampNs('Dec 31 23:59:59 host x', now), String(Date.UTC(2023, 11, 31, 23, 59, 59) * 1e6));
    assert.equal(leadingTimestampNs('Jan  1 05:00:00 host x', now), String(Date.UTC(2024, 0, 1, 5) * 1e6));
    assert.equal(leadingTimestampNs('no stamp 2024-03-05T12:00:00Z', now), null);
    assert.equal(leadingTimestampNs('Foo  1 05:00:00 x', now), null);
  });

  test('the remote command against a real file with bash: resume, rotation, truncation, hostile path', () => {
    const path = join(temp.path, "it's a $(log).txt");
    const run = (cursor: string | null) => {
      const previous = parseFileCursor(cursor);
      const result = spawnSync('/bin/bash', ['-c', fileTailCommand(path, previous, 1 << 20)]);
      assert.equal(result.status, 0, result.stderr.toString());
      return parseFileTailOutput(result.stdout, previous, options);
    };
    writeFileSync(path, 'a\nb\n');
    const first = run(null);
    assert.deepEqual(first.lines.map((line) => line.line), ['a', 'b']);
    appendFileSync(path, 'c\nd');
    const second = run(first.cursor);
    assert.deepEqual(second.lines.map((line) => line.line), ['c']);
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'new\n');
    const third = run(second.cursor);
    assert.deepEqual(third.lines.map((line) => line.line), ['new']);
    assert.equal(third.restarted, true);
    writeFileSync(path, '');
    appendFileSync(path, 'x\n');
    assert.deepEqual(run(third.cursor).lines.map((line) => line.line), ['x']);
    const missing = spawnSync('/bin/bash', ['-c', fileTailCommand(join(temp.path, 'nope'), null, 10)]);
    assert.notEqual(missing.status, 0);
  });
});
