import { describe, expect, it } from 'vitest';
import {
  CLAIM_ID_PATTERN,
  claimPutRequestSchema,
  INTEGRATION_NAME_PATTERN,
  integrationScopeSchema,
  isIntegrationScope,
} from './integration';
import { parsePayload } from './validate';

describe('integration schemas', () => {
  it('accept a claim with a ttl, an until, or neither', () => {
    expect(claimPutRequestSchema.parse({ status: 'busy', activity: 'On a call', ttlSeconds: 60 })).toEqual({
      status: 'busy',
      activity: 'On a call',
      ttlSeconds: 60,
    });
    expect(claimPutRequestSchema.safeParse({ status: 'dnd', until: 1_000 }).success).toBe(true);
    expect(claimPutRequestSchema.safeParse({ status: 'away', activity: null }).success).toBe(true);
  });

  it('refuse offline, both ends, a ttl beyond 24 h and unknown fields, naming the field', () => {
    expect(parsePayload(claimPutRequestSchema, { status: 'offline' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'status: a claim cannot make a user offline' },
    });
    const both = parsePayload(claimPutRequestSchema, { status: 'busy', until: 5, ttlSeconds: 5 });
    expect(both).toMatchObject({
      ok: false,
      error: { message: 'ttlSeconds: give until or ttlSeconds, not both' },
    });
    expect(claimPutRequestSchema.safeParse({ status: 'busy', ttlSeconds: 86_401 }).success).toBe(false);
    expect(claimPutRequestSchema.safeParse({ status: 'busy', ttlSeconds: 1.5 }).success).toBe(false);
    expect(claimPutRequestSchema.safeParse({ status: 'busy', source: 'phone' }).success).toBe(false);
  });

  it('know the scopes, names and claim ids', () => {
    expect(integrationScopeSchema.options).toEqual([
      'presence:read',
      'presence:write',
      'messages:write',
      'events:read',
    ]);
    expect(isIntegrationScope('presence:write')).toBe(true);
    expect(isIntegrationScope('admin')).toBe(false);
    expect(INTEGRATION_NAME_PATTERN.test('phone-system.eu')).toBe(true);
    expect(INTEGRATION_NAME_PATTERN.test('Phone')).toBe(false);
    expect(CLAIM_ID_PATTERN.test('call:8812')).toBe(true);
    expect(CLAIM_ID_PATTERN.test('call 8812')).toBe(false);
  });
});
