import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { AuditDetailsError, AuditService, parseAuditQuery } from './audit';

let store: Store;
let clock = 5_000;
beforeEach(() => {
  clock = 5_000;
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const actor = { actor: 'ada@acme.test', source: 'http', address: '203.0.113.7' } as const;

describe('AuditService', () => {
  it('stamps the entry with the clock and the actor, and chains it', async () => {
    const audit = new AuditService(store.audit, () => clock);
    const first = await audit.record(actor, 'user.disable', 'bo@acme.test');
    clock = 6_000;
    const second = await audit.recorderFor(actor)('user.enable', 'bo@acme.test', { note: 'back' });
    expect(first).toMatchObject({ seq: 1, at: 5_000, ...actor, action: 'user.disable', details: {} });
    expect(second).toMatchObject({ seq: 2, at: 6_000, details: { note: 'back' }, prevHash: first.hash });
    expect(await store.audit.list()).toEqual([first, second]);
  });

  it.each([
    [{ password: 'x' }, 'password'],
    [{ options: { token: 'x' } }, 'options.token'],
    [{ items: [{ ok: 1 }, { webhookSecret: 'x' }] }, 'items[1].webhookSecret'],
    [{ passwordHash: 'scrypt$…' }, 'passwordHash'],
  ])('refuses details that name a credential, writing nothing: %j', async (details, path) => {
    const audit = new AuditService(store.audit, () => clock);
    await expect(audit.record(actor, 'user.add', 'x@acme.test', details)).rejects.toThrow(
      new AuditDetailsError(`audit details must not hold a credential (${path})`),
    );
    expect(await store.audit.head()).toBeNull();
  });

  it('accepts keys that only describe a credential', async () => {
    const audit = new AuditService(store.audit, () => clock);
    const entry = await audit.record(actor, 'user.add', 'x@acme.test', {
      passwordFrom: 'generated',
      secretGenerated: true,
    });
    expect(entry.details).toEqual({ passwordFrom: 'generated', secretGenerated: true });
  });
});

describe('parseAuditQuery', () => {
  it('reads dates as whole UTC days and times as instants', () => {
    expect(parseAuditQuery({ since: '2026-03-01', until: '2026-03-01', limit: '5' })).toEqual({
      ok: true,
      query: { since: Date.UTC(2026, 2, 1), until: Date.UTC(2026, 2, 2), limit: 5 },
    });
    expect(parseAuditQuery({ until: '2026-03-01T10:00:00+01:00' })).toEqual({
      ok: true,
      query: { until: Date.UTC(2026, 2, 1, 9) },
    });
    expect(parseAuditQuery({})).toEqual({ ok: true, query: {} });
  });

  it.each([
    [{ since: 'yesterday' }, '--since: "yesterday" is not an ISO date'],
    [{ until: '2026-02-30' }, '--until: "2026-02-30" is not an ISO date'],
    [{ since: '2026-03-02', until: '2026-03-01' }, '--until (2026-03-01) is not after --since (2026-03-02)'],
    [{ limit: '0' }, '--limit: a whole number from 1 to 1000'],
    [{ limit: '1001' }, '--limit: a whole number from 1 to 1000'],
    [{ limit: '2.5' }, '--limit: a whole number from 1 to 1000'],
  ])('refuses %j', (raw, message) => {
    const parsed = parseAuditQuery(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('names query parameters without dashes for HTTP', () => {
    expect(parseAuditQuery({ limit: 'x' }, '')).toEqual({
      ok: false,
      message: 'limit: a whole number from 1 to 1000',
    });
  });
});
