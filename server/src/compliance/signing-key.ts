import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's Ed25519 key that signs the archive's manifests (node:crypto, no library needed).
 * The private key stays in the data directory (mode 0600); every public key ever used is kept
 * beside it, so manifests signed before a key change still verify. Compliance officers should
 * keep the key id (`npm run admin -- compliance key`) somewhere the server cannot write.
 */
export interface SigningKey {
  /** SHA-256 (hex) of the public key in SPKI DER form. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(text: string): string;
}

export interface PublicKeys {
  /** Whether `signature` (base64) is `keyId`'s Ed25519 signature of `text`; false for an unknown key. */
  verify(keyId: string, text: string, signature: string): boolean;
  has(keyId: string): boolean;
}

const KEY_DIR = 'compliance';
const PRIVATE_KEY_FILE = 'signing-key.pem';
const PUBLIC_KEY_DIR = 'public-keys';

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Loads the data directory's signing key, creating it on first use. */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const dir = join(dataDir, KEY_DIR);
  const privateFile = join(dir, PRIVATE_KEY_FILE);
  mkdirSync(join(dir, PUBLIC_KEY_DIR), { recursive: true, mode: 0o700 });
  if (!existsSync(privateFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    // `wx`: two processes starting at once cannot both write a key; the loser reads the winner's.
    try {
      writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  const privatePem = readFileSync(privateFile, 'utf8');
  const publicKey = createPublicKey(privatePem);
  const keyId = keyIdOf(publicKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const publicFile = join(dir, PUBLIC_KEY_DIR, `${keyId}.pem`);
  if (!existsSync(publicFile)) writeFileSync(publicFile, publicKeyPem, { mode: 0o644 });
  return {
    keyId,
    publicKeyPem,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privatePem).toString('base64'),
  };
}

/** Every public key kept in the data directory. */
export function loadPublicKeys(dataDir: string): PublicKeys {
  const dir = join(dataDir, KEY_DIR, PUBLIC_KEY_DIR);
  const keys = new Map<string, KeyObject>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.pem')) continue;
      const key = createPublicKey(readFileSync(join(dir, name), 'utf8'));
      keys.set(keyIdOf(key), key);
    }
  }
  return {
    has: (keyId) => keys.has(keyId),
    verify(keyId, text, signature) {
      const key = keys.get(keyId);
      if (!key) return false;
      try {
        return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
