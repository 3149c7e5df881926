import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../../common/bridge';
import { RecordingLogger } from '../testing/fakes';
import { type SecretCipher, SessionStore } from './session-store';

/** A reversible stand-in for the OS keychain: XOR with a key, so the file is never plain JSON. */
class FakeCipher implements SecretCipher {
  available = true;
  key = 0x5a;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Uint8Array {
    return Buffer.from(plainText, 'utf8').map((byte) => byte ^ this.key);
  }
  decryptString(encrypted: Uint8Array): string {
    const text = Buffer.from(Buffer.from(encrypted).map((byte) => byte ^ this.key)).toString('utf8');
    if (!text.startsWith('{')) throw new Error('Error while decrypting the ciphertext provided');
    return text;
  }
}

const NOW = Date.UTC(2025, 0, 6);
const session: StoredSession = {
  serverUrl: 'https://chat.acme.test',
  token: 'secret-token-123',
  userId: 'u1',
  email: 'alice@acme.test',
  expiresAt: NOW + 86_400_000,
};

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-session-'));
  const file = join(dir, 'session.bin');
  const cipher = new FakeCipher();
  const log = new RecordingLogger();
  let now = NOW;
  const store = new SessionStore({ file, cipher, log, now: () => now });
  return { file, cipher, log, store, setNow: (value: number) => (now = value) };
}

describe('SessionStore', () => {
  it('saves encrypted and loads it back', async () => {
    const { file, store } = await setup();
    await store.save(session);
    const raw = await readFile(file);
    expect(raw.toString('utf8')).not.toContain('secret-token-123');
    expect(await store.load()).toEqual(session);
  });

  it('has nothing before the first sign-in', async () => {
    const { store } = await setup();
    expect(await store.load()).toBeNull();
  });

  it('forgets an expired session and deletes the file', async () => {
    const { file, store, setNow } = await setup();
    await store.save(session);
    setNow(NOW + 2 * 86_400_000);
    expect(await store.load()).toBeNull();
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('keeps a session without expiry', async () => {
    const { store, setNow } = await setup();
    await store.save({ ...session, expiresAt: null });
    setNow(NOW + 365 * 86_400_000);
    expect((await store.load())?.token).toBe('secret-token-123');
  });

  it('clears', async () => {
    const { store } = await setup();
    await store.save(session);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('survives a file it cannot decrypt (keychain changed): asks to sign in again', async () => {
    const { file, store, log, cipher } = await setup();
    await store.save(session);
    cipher.key = 0x33;
    expect(await store.load()).toBeNull();
    expect(log.messages('warn').join()).toMatch(/cannot be decrypted/);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('rejects a decrypted value that is not a session', async () => {
    const { file, store, cipher } = await setup();
    await writeFile(file, cipher.encryptString(JSON.stringify({ token: 'x' })));
    expect(await store.load()).toBeNull();
  });

  it('refuses to save an invalid session, naming the field', async () => {
    const { store } = await setup();
    await expect(store.save({ ...session, serverUrl: 'file:///etc/passwd' })).rejects.toThrow(/serverUrl/);
  });

  it('without a keychain: keeps the session in memory only, never writes it in clear', async () => {
    const { file, store, cipher, log } = await setup();
    cipher.available = false;
    await store.save(session);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    expect(await store.load()).toEqual(session);
    expect(log.messages('warn').join()).toMatch(/no OS keychain/);
  });
});
