import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken, isWellFormedToken } from '../auth/tokens';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { IntegrationError, IntegrationService } from './service';

let store: Store;
let service: IntegrationService;
let now = 1_000;
beforeEach(() => {
  store = openSqliteStore(':memory:');
  service = new IntegrationService(store, { now: () => now });
});
afterEach(() => store.close());

describe('IntegrationService', () => {
  it('adds an integration with a random token stored only as its SHA-256', async () => {
    const { integration, token } = await service.add('phone', ['presence:write', 'presence:read']);
    expect(isWellFormedToken(token)).toBe(true);
    expect(integration).toMatchObject({ name: 'phone', scopes: ['presence:read', 'presence:write'] });
    expect(integration.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(await store.integrations.list())).not.toContain(token);
    expect(await service.resolve(token)).toMatchObject({ name: 'phone' });
    expect(await service.resolve('not a token')).toBeNull();
  });

  it('refuses bad names, unknown scopes, no scopes and duplicates', async () => {
    await expect(service.add('Phone System', ['presence:read'])).rejects.toBeInstanceOf(IntegrationError);
    await expect(service.add('phone', ['presence:admin'])).rejects.toThrow(/unknown scope "presence:admin"/);
    await expect(service.add('phone', [])).rejects.toThrow(/at least one scope/);
    await service.add('phone', ['presence:read']);
    await expect(service.add('phone', ['presence:read'])).rejects.toThrow(/already exists/);
  });

  it('rotates (the old token stops working) and revokes', async () => {
    const { token: first } = await service.add('phone', ['presence:read']);
    now = 2_000;
    const { token: second, integration } = await service.rotate('phone');
    expect(integration.rotatedAt).toBe(2_000);
    expect(await service.resolve(first)).toBeNull();
    expect(await service.resolve(second)).toMatchObject({ name: 'phone' });
    now = 3_000;
    expect(await service.revoke('phone')).toMatchObject({ revokedAt: 3_000 });
    expect(await service.resolve(second)).toBeNull();
    await expect(service.revoke('phone')).rejects.toThrow(/no integration named phone/);
    await expect(service.rotate('phone')).rejects.toThrow(/no integration named phone/);
  });
});
