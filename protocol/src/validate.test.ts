import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageSendSchema, presenceSetSchema, presenceSubscribeSchema } from './events';
import { LIMITS } from './limits';
import { parsePayload } from './validate';

describe('parsePayload', () => {
  it('accepts a valid payload and strips unknown fields', () => {
    const result = parsePayload(messageSendSchema, {
      conversationId: 'c1',
      clientId: 'x',
      body: 'hi',
      extra: 1,
    });
    expect(result).toEqual({ ok: true, data: { conversationId: 'c1', clientId: 'x', body: 'hi' } });
  });

  it.each([
    [{ clientId: 'x', body: 'hi' }, 'conversationId'],
    [{ conversationId: 'c1', clientId: '', body: 'hi' }, 'clientId'],
    [{ conversationId: 'c1', clientId: 'x', body: '' }, 'body'],
    [{ conversationId: 'c1', clientId: 'x', body: 42 }, 'body'],
    [null, 'payload'],
    ['text', 'payload'],
  ])('answers invalid naming the bad field for %j', (payload, field) => {
    const result = parsePayload(messageSendSchema, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid');
      expect(result.error.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it('answers invalid for U+0000 in any text, naming where it is (PostgreSQL cannot store it)', () => {
    expect(
      parsePayload(messageSendSchema, { conversationId: 'c1', clientId: 'x', body: 'a\u0000b' }),
    ).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'body: must not contain the character U+0000' },
    });
    expect(parsePayload(presenceSubscribeSchema, { userIds: ['u1', 'u2\u0000'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'userIds.1: must not contain the character U+0000' },
    });
    expect(parsePayload(z.record(z.string(), z.number()), { 'k\u0000': 1 })).toMatchObject({
      ok: false,
      error: { message: 'k\u0000: must not contain the character U+0000' },
    });
    // Unknown fields are stripped, never stored: what they hold does not matter.
    expect(
      parsePayload(messageSendSchema, { conversationId: 'c1', clientId: 'x', body: 'hi', extra: '\u0000' }),
    ).toMatchObject({ ok: true });
    expect(
      parsePayload(messageSendSchema, { conversationId: 'c1', clientId: 'x', body: 'a\u0001b' }).ok,
    ).toBe(true);
  });

  it('answers too_large for a body over the limit', () => {
    const body = 'x'.repeat(LIMITS.bodyMaxChars + 1);
    const result = parsePayload(messageSendSchema, { conversationId: 'c1', clientId: 'x', body });
    expect(result).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('accepts a body of exactly the limit', () => {
    const body = 'x'.repeat(LIMITS.bodyMaxChars);
    expect(parsePayload(messageSendSchema, { conversationId: 'c1', clientId: 'x', body }).ok).toBe(true);
  });

  it('rejects an unknown status and an over-long status message', () => {
    expect(parsePayload(presenceSetSchema, { status: 'lunch' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^status:/) },
    });
    expect(parsePayload(presenceSetSchema, { status: 'busy', message: 'x'.repeat(141) })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^message:/) },
    });
  });

  it('limits a subscription to 1000 ids', () => {
    const userIds = Array.from({ length: LIMITS.subscribeMaxUserIds + 1 }, (_, i) => `u${i}`);
    expect(parsePayload(presenceSubscribeSchema, { userIds })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^userIds:/) },
    });
  });
});
