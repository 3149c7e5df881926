import { readFile, rm } from 'node:fs/promises';
import type { StoredSession } from '../../common/bridge';
import { describeIssues, storedSessionSchema } from '../../common/bridge-schemas';
import { errorMessage, type Logger } from '../logger';
import { isNotFound, SerialQueue, writeFileAtomic } from '../storage/json-file';

/** The OS keychain-backed cipher (Electron's safeStorage in the app). */
export interface SecretCipher {
  /** False where only a hard-coded key would protect the secret (e.g. Linux without a keyring). */
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Uint8Array): string;
}

export interface SessionStoreOptions {
  /** `<userData>/session.bin` */
  file: string;
  cipher: SecretCipher;
  log: Logger;
  now?: () => number;
}

/**
 * The signed-in session, encrypted with the OS keychain in the user-data folder. Without
 * a real keychain the token stays in memory for this run only: it is never written in clear.
 */
export class SessionStore {
  private memoryOnly: StoredSession | null = null;
  private readonly writes = new SerialQueue();
  private readonly now: () => number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  async load(): Promise<StoredSession | null> {
    if (this.memoryOnly) return this.fresh(this.memoryOnly) ? structuredClone(this.memoryOnly) : null;
    if (!this.options.cipher.isEncryptionAvailable()) return null;
    let encrypted: Uint8Array;
    try {
      encrypted = await readFile(this.options.file);
    } catch (error) {
      if (!isNotFound(error))
        this.options.log.warn('cannot read the saved session', { error: errorMessage(error) });
      return null;
    }
    const session = this.decode(encrypted);
    if (session === null || !this.fresh(session)) {
      await this.clear();
      return null;
    }
    return session;
  }

  async save(session: StoredSession): Promise<void> {
    const parsed = storedSessionSchema.safeParse(session);
    if (!parsed.success) throw new Error(`Invalid session: ${describeIssues(parsed.error)}`);
    if (!this.options.cipher.isEncryptionAvailable()) {
      this.memoryOnly = parsed.data;
      this.options.log.warn('no OS keychain available: the session is kept until Beacon quits only');
      return;
    }
    const encrypted = this.options.cipher.encryptString(JSON.stringify(parsed.data));
    await this.writes.run(() => writeFileAtomic(this.options.file, encrypted));
  }

  async clear(): Promise<void> {
    this.memoryOnly = null;
    await this.writes.run(() => rm(this.options.file, { force: true }));
  }

  private decode(encrypted: Uint8Array): StoredSession | null {
    let text: string;
    try {
      text = this.options.cipher.decryptString(encrypted);
    } catch (error) {
      // Typically the keychain entry changed (new OS account, restored backup): sign in again.
      this.options.log.warn('the saved session cannot be decrypted; signing in again is needed', {
        error: errorMessage(error),
      });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.options.log.warn('the saved session is corrupt; signing in again is needed');
      return null;
    }
    const parsed = storedSessionSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log.warn('the saved session is invalid', { problems: describeIssues(parsed.error) });
      return null;
    }
    return parsed.data;
  }

  private fresh(session: StoredSession): boolean {
    return session.expiresAt === null || session.expiresAt > this.now();
  }
}
