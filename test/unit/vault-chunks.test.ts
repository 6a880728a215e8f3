import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digest, formatHeader, needsChunks, parseEntry, splitIntoChunks } from '../../electron/services/vault/chunk-codec.ts';

test('a value is split into parts of at most chunkSize and joins back exactly', () => {
  const value = 'abcdefghij'.repeat(401);
  const parts = splitIntoChunks(value, 2000);
  assert.deepEqual(parts.map((part) => part.length), [2000, 2000, 10]);
  assert.equal(parts.join(''), value);
  assert.deepEqual(splitIntoChunks('', 2000), []);
  assert.deepEqual(splitIntoChunks('x'.repeat(2000), 2000), ['x'.repeat(2000)]);
});

test('parts are measured in UTF-8 bytes, the unit of the Windows limit, and split on code points', () => {
  const value = `${'a'.repeat(1999)}🔑${'b'.repeat(10)}`;
  const parts = splitIntoChunks(value, 2000);
  assert.deepEqual(parts.map((part) => part.length), [1999, 12]);
  assert.ok(parts.every((part) => !/\p{Surrogate}/u.test(part)), 'every part is well-formed on its own');
  const emoji = '🗝️'.repeat(50);
  assert.equal(splitIntoChunks(emoji, 4).join(''), emoji);
  assert.ok(splitIntoChunks(emoji, 4).every((part) => !/\p{Surrogate}/u.test(part)));
  const accented = 'é'.repeat(3000);
  const parts2 = splitIntoChunks(accented, 2000);
  assert.deepEqual(parts2.map((part) => Buffer.byteLength(part)), [2000, 2000, 2000]);
  assert.equal(parts2.join(''), accented);
  assert.equal(needsChunks('é'.repeat(1001), 2000), true, '1001 characters but 2002 bytes');
});

test('the header round trips; anything else under the prefix is damaged or from a newer format', () => {
  const header = { parts: 3, sha256: digest('secret') };
  const text = formatHeader(header);
  assert.match(text, /^opsdesk-chunked:v1:3:[0-9a-f]{64}$/);
  assert.deepEqual(parseEntry(text), { kind: 'chunked', header });
  assert.deepEqual(parseEntry(formatHeader({ parts: 0, sha256: digest('') })), { kind: 'chunked', header: { parts: 0, sha256: digest('') } });
  assert.deepEqual(parseEntry('just a token'), { kind: 'plain' });
  assert.deepEqual(parseEntry(text.replace('v1', 'v3')), { kind: 'unsupported', version: '3' });
  for (const damaged of [text.slice(0, -1), `${text}0`, text.replace(':3:', ':03:'), text.replace(':3:', ':-3:'), 'opsdesk-chunked:', 'opsdesk-chunked:v1:1:XYZ']) {
    assert.deepEqual(parseEntry(damaged), { kind: 'damaged' }, damaged);
  }
});

test('empty values and values that look like a header always go through the header', () => {
  assert.equal(needsChunks('short', 2000), false);
  assert.equal(needsChunks('x'.repeat(2000), 2000), false);
  assert.equal(needsChunks('x'.repeat(2001), 2000), true);
  assert.equal(needsChunks('', 2000), true);
  assert.equal(needsChunks('opsdesk-chunked:v1:1:abc', 2000), true);
});
