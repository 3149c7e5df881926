import { safeStorage } from 'electron';
import type { SecretCipher } from '../session/session-store';

/** The OS keychain (Keychain, DPAPI, libsecret/kwallet). Linux "basic_text" is not a keychain. */
export const electronSafeStorage: SecretCipher = {
  isEncryptionAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encryptString: (plainText) => safeStorage.encryptString(plainText),
  decryptString: (encrypted) => safeStorage.decryptString(Buffer.from(encrypted)),
};
