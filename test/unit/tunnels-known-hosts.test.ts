/**
 * known_hosts parsing, host matching, fingerprints and the host key decision
 * (electron/services/tunnels). Fixtures were produced by OpenSSH 9.2's own tools:
 * keys by `ssh-keygen -t`, fingerprints by `ssh-keygen -lf`, hashed lines by `ssh-keygen -H`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideHostKey, describePresentedKey, knownKeyTypes, type PresentedHostKey } from '../../electron/services/tunnels/host-key-decision.ts';
import { HostKeyError, refusedKeyError, unknownRefusedError } from '../../electron/services/tunnels/host-key-error.ts';
import {
  entryMatchesHost,
  formatKnownHostsLine,
  hashedHostName,
  lookupName,
  parseKnownHosts,
  wildcardMatch,
} from '../../electron/services/tunnels/known-hosts.ts';
import { reconnectDelayMs } from '../../electron/services/tunnels/reconnect-backoff.ts';
import { redactSecrets } from '../../electron/services/tunnels/ssh-hop-error.ts';
import { fingerprintSha256, keyTypeOfBlob, normalizeFingerprint } from '../../electron/services/tunnels/ssh-key-blob.ts';

// `ssh-keygen -t ed25519` (a, b) and `-t ecdsa` (c), with `ssh-keygen -lf` fingerprints.
const keyA = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIB47jeFJdB+SBFFI2lysi+EqRqIgg6nHzKOLWnryGsFI', fingerprint: 'SHA256:kYQT1MtDA/D59B6F9UyDspk38GusYYsmgKcS8VlQ+9g' };
const keyB = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIJl3xRa5H1zKEU3hwq/9uvY2zN6Bm7PvOO56XmKpXI33', fingerprint: 'SHA256:5oQcR+XT6KIAS6cdRJBGEc+y0TSRPByLrx5pBBJ82mU' };
const keyC = {
  type: 'ecdsa-sha2-nistp256',
  base64: 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJM8bqOabM5rY/JIk4pOLCs20AeuvtVDNsHe7Od0C/mUXcA2sXMuseDQBYwIwFxPqSFxzOSSbai566d0C69GxmI=',
  fingerprint: 'SHA256:9t97k3GhtlGIsRUhgo7YX+jXWogNRY051phIRMXo67Y',
};
const blob = (key: { base64: string }) => Buffer.from(key.base64, 'base64');

// `ssh-keygen -H` of "example.com <keyA>" and "[bastion.example.com]:2222 <keyC>".
const hashedByOpenssh = [
  `|1|GecgI7s5l5pnPILr869Acp3BOLc=|WzwVRV/SUoarERw8lXZLUxr2oVM= ${keyA.type} ${keyA.base64}`,
  `|1|yp/IEGdjRFReUbu8NqHwBz0p2m0=|yj73WW4L9FEP1ZMIjH8HmZUI/U4= ${keyC.type} ${keyC.base64}`,
].join('\n');

function presented(host: string, port: number, key: { base64: string }): PresentedHostKey {
  const described = describePresentedKey(host, port, blob(key));
  assert.ok(described);
  return described;
}

describe('key blobs and fingerprints', () => {
  test('fingerprints match ssh-keygen -lf', () => {
    for (const key of [keyA, keyB, keyC]) assert.equal(fingerprintSha256(blob(key)), key.fingerprint);
  });

  test('the key type is read from the blob; malformed blobs give null', () => {
    assert.equal(keyTypeOfBlob(blob(keyA)), 'ssh-ed25519');
    assert.equal(keyTypeOfBlob(blob(keyC)), 'ecdsa-sha2-nistp256');
    assert.equal(keyTypeOfBlob(Buffer.from([0, 0])), null);
    assert.equal(keyTypeOfBlob(Buffer.from([0, 0, 0, 200, 65])), null);
    assert.equal(describePresentedKey('h', 22, Buffer.alloc(3)), null);
  });

  test('configured fingerprints are normalised (prefix case, padding)', () => {
    assert.equal(normalizeFingerprint(`sha256:${keyA.fingerprint.slice(7)}=`), keyA.fingerprint);
    assert.equal(normalizeFingerprint(` ${keyA.fingerprint.slice(7)} `), keyA.fingerprint);
  });
});

describe('known_hosts parsing', () => {
  test('comments, blank lines, comma lists, [host]:port, markers and bad lines', () => {
    const text = [
      '# a comment',
      '',
      '   ',
      `bastion.example.com,10.0.0.5 ${keyA.type} ${keyA.base64} ops@laptop`,
      `[jump.example.com]:2222 ${keyC.type} ${keyC.base64}`,
      `@revoked * ${keyB.type} ${keyB.base64}`,
      `@cert-authority *.example.com ${keyA.type} ${keyA.base64}`,
      `@mystery host ${keyA.type} ${keyA.base64}`,
      'only-a-host',
      `host ssh-ed25519 not!base64`,
      `host ssh-rsa ${keyA.base64}`,
      `|1|tooshort|x= ${keyA.type} ${keyA.base64}`,
      `\tindented.example.com\t${keyB.type} ${keyB.base64}\r`,
    ].join('\n');
    const parsed = parseKnownHosts(text);
    assert.deepEqual(
      parsed.entries.map((entry) => ({ line: entry.line, marker: entry.marker, names: entry.names, keyType: entry.keyType, comment: entry.comment })),
      [
        { line: 4, marker: null, names: { kind: 'patterns', patterns: ['bastion.example.com', '10.0.0.5'] }, keyType: 'ssh-ed25519', comment: 'ops@laptop' },
        { line: 5, marker: null, names: { kind: 'patterns', patterns: ['[jump.example.com]:2222'] }, keyType: 'ecdsa-sha2-nistp256', comment: '' },
        { line: 6, marker: 'revoked', names: { kind: 'patterns', patterns: ['*'] }, keyType: 'ssh-ed25519', comment: '' },
        { line: 13, marker: null, names: { kind: 'patterns', patterns: ['indented.example.com'] }, keyType: 'ssh-ed25519', comment: '' },
      ],
    );
    assert.ok(parsed.entries[0]!.key.equals(blob(keyA)));
    assert.equal(parsed.notes.length, 6, parsed.notes.join('\n'));
    assert.match(parsed.notes[0]!, /^line 7: @cert-authority entry ignored/);
    assert.match(parsed.notes[1]!, /^line 8: .*unknown marker @mystery/);
    assert.match(parsed.notes[2]!, /^line 9: /);
    assert.match(parsed.notes[3]!, /^line 10: .*not base64/);
    assert.match(parsed.notes[4]!, /^line 11: .*ssh-rsa does not match the key \(ssh-ed25519\)/);
    assert.match(parsed.notes[5]!, /^line 12: .*hashed/);
  });

  test('an empty file has no entries', () => {
    assert.deepEqual(parseKnownHosts(''), { entries: [], notes: [] });
  });
});

describe('host matching', () => {
  test('lookup names follow OpenSSH: bare on port 22, [host]:port otherwise, lower case', () => {
    assert.equal(lookupName('Bastion.Example.COM', 22), 'bastion.example.com');
    assert.equal(lookupName('bastion', 2222), '[bastion]:2222');
    assert.equal(lookupName('::1', 2222), '[::1]:2222');
  });

  test('hashed lines written by ssh-keygen -H match the right host and port only', () => {
    const [exampleCom, bastion] = parseKnownHosts(hashedByOpenssh).entries;
    assert.ok(exampleCom && bastion);
    assert.equal(entryMatchesHost(exampleCom, 'example.com', 22), true);
    assert.equal(entryMatchesHost(exampleCom, 'EXAMPLE.com', 22), true);
    assert.equal(entryMatchesHost(exampleCom, 'example.com', 2222), false);
    assert.equal(entryMatchesHost(exampleCom, 'example.org', 22), false);
    assert.equal(entryMatchesHost(bastion, 'bastion.example.com', 2222), true);
    assert.equal(entryMatchesHost(bastion, 'bastion.example.com', 22), false);
  });

  test('plain patterns: comma lists, [host]:port, wildcards and negation', () => {
    const entries = parseKnownHosts(
      [
        `web-*.example.com,!web-evil.example.com ${keyA.type} ${keyA.base64}`,
        `[jump.example.com]:2222,db?.example.com ${keyB.type} ${keyB.base64}`,
        `[*.lab]:* ${keyC.type} ${keyC.base64}`,
      ].join('\n'),
    ).entries;
    const [web, jump, lab] = entries;
    assert.ok(web && jump && lab);
    assert.equal(entryMatchesHost(web, 'web-1.example.com', 22), true);
    assert.equal(entryMatchesHost(web, 'web-evil.example.com', 22), false, 'a matching negation excludes the line');
    assert.equal(entryMatchesHost(web, 'web-1.example.com', 2222), false, 'a bare pattern does not cover other ports');
    assert.equal(entryMatchesHost(jump, 'jump.example.com', 2222), true);
    assert.equal(entryMatchesHost(jump, 'jump.example.com', 22), false);
    assert.equal(entryMatchesHost(jump, 'db1.example.com', 22), true);
    assert.equal(entryMatchesHost(jump, 'db12.example.com', 22), false);
    assert.equal(entryMatchesHost(lab, 'a.lab', 8022), true);
  });

  test('wildcards', () => {
    assert.equal(wildcardMatch('abc', 'a*c'), true);
    assert.equal(wildcardMatch('ac', 'a*c'), true);
    assert.equal(wildcardMatch('abcbc', '*bc'), true);
    assert.equal(wildcardMatch('abd', 'a*c'), false);
    assert.equal(wildcardMatch('ab', 'a?'), true);
    assert.equal(wildcardMatch('a', 'a?'), false);
    assert.equal(wildcardMatch('', '*'), true);
  });

  test('new lines: hashed (fresh salt each time) and plain forms parse back and match', () => {
    const hashed = formatKnownHostsLine('10.1.2.3', 2222, keyA.type, blob(keyA));
    assert.match(hashed, /^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 /);
    assert.notEqual(hashed, formatKnownHostsLine('10.1.2.3', 2222, keyA.type, blob(keyA)), 'salted');
    const [entry] = parseKnownHosts(hashed).entries;
    assert.ok(entry);
    assert.equal(entryMatchesHost(entry, '10.1.2.3', 2222), true);
    assert.equal(entryMatchesHost(entry, '10.1.2.3', 22), false);
    assert.ok(entry.key.equals(blob(keyA)));
    assert.equal(formatKnownHostsLine('Jump', 22, keyA.type, blob(keyA), { hashed: false }), `jump ${keyA.type} ${keyA.base64}`);
    // Same salt, same name => the hash ssh-keygen -H produced for example.com.
    const salt = Buffer.from('GecgI7s5l5pnPILr869Acp3BOLc=', 'base64');
    assert.equal(hashedHostName('example.com', 22, salt), '|1|GecgI7s5l5pnPILr869Acp3BOLc=|WzwVRV/SUoarERw8lXZLUxr2oVM=');
  });
});

describe('host key decision', () => {
  const file = parseKnownHosts(
    [
      hashedByOpenssh,
      `[changed.example.com]:2200 ${keyA.type} ${keyA.base64}`,
      `[multi.example.com]:2200 ${keyC.type} ${keyC.base64}`,
      `@revoked [revoked.example.com]:2200 ${keyB.type} ${keyB.base64}`,
      `[revoked.example.com]:2200 ${keyB.type} ${keyB.base64}`,
    ].join('\n'),
  ).entries;

  test('the recorded key is trusted (hashed or plain)', () => {
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyA), file, undefined), { kind: 'trusted', via: 'known-hosts', line: 1 });
    assert.deepEqual(decideHostKey(presented('changed.example.com', 2200, keyA), file, undefined), { kind: 'trusted', via: 'known-hosts', line: 3 });
  });

  test('a host nobody recorded is unknown', () => {
    assert.deepEqual(decideHostKey(presented('new.example.com', 22, keyA), file, undefined), { kind: 'unknown', otherKnownTypes: [] });
  });

  test('another key of the same type is a change; another type is unknown (as OpenSSH asks), with the known types listed', () => {
    assert.deepEqual(decideHostKey(presented('changed.example.com', 2200, keyB), file, undefined), {
      kind: 'changed',
      via: 'known-hosts',
      line: 3,
      expectedFingerprint: keyA.fingerprint,
    });
    assert.deepEqual(decideHostKey(presented('multi.example.com', 2200, keyA), file, undefined), { kind: 'unknown', otherKnownTypes: ['ecdsa-sha2-nistp256'] });
    assert.deepEqual(knownKeyTypes(file, 'multi.example.com', 2200), ['ecdsa-sha2-nistp256']);
  });

  test('a revoked key is refused even when it is also recorded or pinned', () => {
    assert.deepEqual(decideHostKey(presented('revoked.example.com', 2200, keyB), file, undefined), { kind: 'revoked', line: 5 });
    assert.deepEqual(decideHostKey(presented('revoked.example.com', 2200, keyB), file, { 'revoked.example.com:2200': [keyB.fingerprint] }), { kind: 'revoked', line: 5 });
    assert.deepEqual(knownKeyTypes(file, 'revoked.example.com', 2200), ['ssh-ed25519'], 'the @revoked line itself is not a known key');
  });

  test('pins decide alone: match trusted, anything else changed', () => {
    const pins = { 'example.com:22': [keyB.fingerprint, `${keyC.fingerprint}=`] };
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyB), file, pins), { kind: 'trusted', via: 'pin' });
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyC), file, pins), { kind: 'trusted', via: 'pin' });
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyA), file, pins), {
      kind: 'changed',
      via: 'pin',
      expectedFingerprints: [keyB.fingerprint, keyC.fingerprint],
    });
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyA), file, { 'example.com:22': [] }), { kind: 'trusted', via: 'known-hosts', line: 1 }, 'an empty pin list is no pin');
    assert.deepEqual(decideHostKey(presented('example.com', 22, keyA), file, { 'example.com:2222': [keyB.fingerprint] }), { kind: 'trusted', via: 'known-hosts', line: 1 }, 'pins are per host:port');
  });

  test('refusal messages say what changed, where, and what to do', () => {
    const key = presented('changed.example.com', 2200, keyB);
    const decision = decideHostKey(key, file, undefined);
    assert.equal(decision.kind, 'changed');
    const error = refusedKeyError(key, decision as Extract<typeof decision, { kind: 'changed' }>, '/home/ops/.opsdesk/known_hosts');
    assert.ok(error instanceof HostKeyError);
    assert.equal(error.kind, 'changed');
    assert.equal(error.expectedFingerprint, keyA.fingerprint);
    assert.equal(error.presentedFingerprint, keyB.fingerprint);
    assert.match(error.message, /WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for \[changed\.example\.com\]:2200!/);
    assert.ok(error.message.includes(`/home/ops/.opsdesk/known_hosts:3`));
    assert.ok(error.message.includes(keyA.fingerprint) && error.message.includes(keyB.fingerprint));
    const refused = unknownRefusedError(presented('new.example.com', 22, keyC));
    assert.equal(refused.kind, 'unknown-refused');
    assert.match(refused.message, /new\.example\.com can't be established: its ECDSA key fingerprint is SHA256:9t97/);
  });
});

describe('reconnect backoff and redaction', () => {
  test('delays double from the initial delay up to the cap, with up to half of each random', () => {
    const options = { initialDelayMs: 200, maxDelayMs: 1_000 };
    assert.deepEqual([0, 1, 2, 3, 10].map((attempt) => reconnectDelayMs(attempt, options, () => 0)), [100, 200, 400, 500, 500]);
    assert.deepEqual([0, 1, 2, 3, 10].map((attempt) => reconnectDelayMs(attempt, options, () => 1)), [200, 400, 800, 1_000, 1_000]);
    assert.equal(reconnectDelayMs(5_000, options, () => 0.5), 750, 'huge attempt counts do not overflow');
  });

  test('private keys (whole or any line of them) and passphrases are scrubbed', () => {
    const privateKey = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACA=\n-----END OPENSSH PRIVATE KEY-----\n';
    const hop = { host: 'h', port: 22, user: 'u', privateKey, passphrase: 's3cret-pass' };
    const message = `bad key ${privateKey} line b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW pass s3cret-pass`;
    const redacted = redactSecrets(message, [hop]);
    assert.ok(!redacted.includes('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'));
    assert.ok(!redacted.includes('s3cret-pass'));
    assert.match(redacted, /^bad key \[redacted\]/);
  });
});
