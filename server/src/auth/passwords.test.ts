import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  generatePassword,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './passwords';
import { FAST_SCRYPT_PARAMS } from './testing';

describe('password hashing', () => {
  it('hashes with the memory-hard defaults into a self-describing string', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same', FAST_SCRYPT_PARAMS);
    const b = await hashPassword('same', FAST_SCRYPT_PARAMS);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash', async () => {
    const encoded = await hashPassword('pw', FAST_SCRYPT_PARAMS);
    expect(encoded.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('pw', encoded)).toBe(true);
  });

  it('treats differently composed Unicode the same (NFC)', async () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(await verifyPassword(decomposed, await hashPassword(composed, FAST_SCRYPT_PARAMS))).toBe(true);
  });

  it('rejects, without throwing, hashes it cannot read', async () => {
    const good = await hashPassword('pw', FAST_SCRYPT_PARAMS);
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plaintext',
      'bcrypt$2b$10$abc',
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // N too large: would exhaust memory
      `scrypt$1024$0$${p}$${salt}$${key}`,
      `scrypt$1024$${r}$${p}$$${key}`,
      `scrypt$1024$${r}$${p}$${salt}$`,
      `scrypt$1024$${r}$${p}$${salt}`,
    ]) {
      expect(await verifyPassword('pw', bad), bad).toBe(false);
    }
  });

  it('tells weaker hashes that need an upgrade', async () => {
    expect(needsRehash(await hashPassword('pw', FAST_SCRYPT_PARAMS))).toBe(true);
    expect(needsRehash(await hashPassword('pw', FAST_SCRYPT_PARAMS), FAST_SCRYPT_PARAMS)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
    expect(
      needsRehash(`scrypt$${DEFAULT_SCRYPT_PARAMS.N}$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`),
    ).toBe(false);
  });
});

describe('generated passwords', () => {
  it('are long, readable and unambiguous', () => {
    for (let i = 0; i < 50; i++) {
      const password = generatePassword();
      expect(password).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}$/);
      expect(password.length).toBeGreaterThanOrEqual(16);
    }
  });

  it('do not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, generatePassword));
    expect(seen.size).toBe(1000);
  });
});
