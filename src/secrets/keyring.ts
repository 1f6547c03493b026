import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class KeyringError extends Error {
  override name = 'KeyringError';
}

export interface SealedSecret {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

interface MasterKey {
  id: string;
  key: Buffer;
}

function parseKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new KeyringError(`${source} is not base64: expected the base64 encoding of 32 random bytes (for example \`openssl rand -base64 32\`)`);
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new KeyringError(`${source} decodes to ${key.length} bytes; AES-256 needs exactly 32 (for example \`openssl rand -base64 32\`)`);
  }
  return { id: createHash('sha256').update('credgate-key-id:').update(key).digest('hex').slice(0, 16), key };
}

/**
 * AES-256-GCM encryption of secret values at rest. The first key encrypts; every key
 * decrypts, so a key can be rotated by putting the new one first.
 */
export class Keyring {
  private readonly keys: MasterKey[];
  private readonly hashKey: Buffer;

  constructor(keys: MasterKey[]) {
    if (keys.length === 0) throw new KeyringError('no master key configured');
    this.keys = keys;
    // The data-hash key is derived from the active key, never the key itself.
    this.hashKey = Buffer.from(hkdfSync('sha256', keys[0].key, Buffer.alloc(0), 'credgate data hash', 32));
  }

  get activeKeyId(): string {
    return this.keys[0].id;
  }

  hasKey(keyId: string): boolean {
    return this.keys.some((k) => k.id === keyId);
  }

  seal(plaintext: Buffer, associatedData: string): SealedSecret {
    const { id, key } = this.keys[0];
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: id, nonce, ciphertext, authTag: cipher.getAuthTag() };
  }

  open(sealed: SealedSecret, associatedData: string): Buffer {
    const master = this.keys.find((k) => k.id === sealed.keyId);
    if (!master) {
      throw new KeyringError(`secret was encrypted with key ${sealed.keyId}, which is not among the configured master keys`);
    }
    const decipher = createDecipheriv('aes-256-gcm', master.key, sealed.nonce);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(sealed.authTag);
    try {
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      throw new KeyringError(`secret could not be decrypted with key ${sealed.keyId}: the key or the stored data is damaged`);
    }
  }

  /** Keyed hash of Secret data, safe to store and to put on a Secret as an annotation. */
  hash(data: Buffer | string): string {
    return createHmac('sha256', this.hashKey).update(data).digest('base64url');
  }

  static fromKeys(base64Keys: string[], source = 'CREDGATE_MASTER_KEY'): Keyring {
    return new Keyring(base64Keys.map((k, i) => parseKey(k, base64Keys.length > 1 ? `${source} (key ${i + 1})` : source)));
  }

  /** Uses the configured keys, or the data dir's key file, created with mode 0600 on first start. */
  static load(options: { masterKeys?: string[]; dataDir: string }): Keyring {
    if (options.masterKeys && options.masterKeys.length > 0) return Keyring.fromKeys(options.masterKeys);
    const file = join(options.dataDir, 'master.key');
    if (!existsSync(file)) {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    }
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    return Keyring.fromKeys([readFileSync(file, 'utf8')], `key file ${file}`);
  }
}
