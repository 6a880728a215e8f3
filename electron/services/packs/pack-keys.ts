import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { VaultService } from '../vault/index.ts';

/** The vault entry holding this desk's pack-signing key (PKCS#8 PEM); generated on first use, never written to disk. */
export const packSigningVaultKey = 'pack-signing-key:ed25519';
export const trustedKeysFileName = 'trusted-pack-keys.json';

export interface SigningKey {
  id: string;
  /** Raw public key, base64url (JWK `x`). */
  publicKey: string;
  privateKey: KeyObject;
}

/** `ed25519:` + the first 16 hex digits of SHA-256 over the raw public key. */
export function keyIdOf(publicKey: string): string {
  return `ed25519:${createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16)}`;
}

export function publicKeyObject(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('the pack-signing key has no public part');
  return { id: keyIdOf(jwk.x), publicKey: jwk.x, privateKey };
}

/** This desk's signing key from the vault, generated and stored there on first use. */
export async function ownSigningKey(vault: VaultService): Promise<SigningKey> {
  const stored = await vault.get(packSigningVaultKey);
  if (stored) {
    try {
      return fromPrivateKey(createPrivateKey(stored));
    } catch {
      throw new Error(`the vault entry ${packSigningVaultKey} is not an ed25519 private key; delete it to let OpsDesk generate a new one`);
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  await vault.set(packSigningVaultKey, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  return fromPrivateKey(privateKey);
}

/** The public half only, when a key exists (verifying never creates one). */
export async function ownPublicKey(vault: VaultService): Promise<{ id: string; publicKey: string } | null> {
  if (!(await vault.get(packSigningVaultKey))) return null;
  const key = await ownSigningKey(vault);
  return { id: key.id, publicKey: key.publicKey };
}

export function signBytes(key: SigningKey, bytes: Uint8Array): Buffer {
  return sign(null, bytes, key.privateKey);
}

export function verifyBytes(publicKey: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, bytes, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

const trustedKeysSchema = z
  .object({
    version: z.literal(1),
    keys: z.array(z.object({ id: z.string(), publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/), name: z.string(), addedAt: z.number() }).strict()),
  })
  .strict();
export type TrustedKeys = z.infer<typeof trustedKeysSchema>;

/** `<data dir>/trusted-pack-keys.json`: public keys whose packs import as trusted (this desk's own key always is). */
export class TrustedKeyList {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, trustedKeysFileName);
  }

  read(): TrustedKeys {
    if (!existsSync(this.file)) return { version: 1, keys: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new Error(`${this.file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = trustedKeysSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${this.file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
    }
    for (const key of parsed.data.keys) {
      if (keyIdOf(key.publicKey) !== key.id) throw new Error(`${this.file}: key ${key.id} does not match its public key (expected ${keyIdOf(key.publicKey)})`);
    }
    return parsed.data;
  }

  isTrusted(publicKey: string): boolean {
    return this.read().keys.some((key) => key.publicKey === publicKey);
  }

  add(publicKey: string, name: string, now: number): void {
    const current = this.read();
    if (current.keys.some((key) => key.publicKey === publicKey)) return;
    current.keys.push({ id: keyIdOf(publicKey), publicKey, name, addedAt: now });
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}
