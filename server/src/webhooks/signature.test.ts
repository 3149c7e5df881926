import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';
import { signatureHeader, verifySignature } from './signature';

describe('Beacon-Signature', () => {
  const body = '{"id":"1","type":"presence.changed","createdAt":1,"data":{}}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('s3cret', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies the right secret and body within the tolerance only', () => {
    const header = signatureHeader('s3cret', body, 1_700_000_000);
    expect(verifySignature('s3cret', body, header, { nowSeconds: 1_700_000_100 })).toBe(true);
    expect(verifySignature('other', body, header, { nowSeconds: 1_700_000_100 })).toBe(false);
    expect(verifySignature('s3cret', `${body} `, header, { nowSeconds: 1_700_000_100 })).toBe(false);
    expect(verifySignature('s3cret', body, header, { nowSeconds: 1_700_001_000 })).toBe(false);
    expect(verifySignature('s3cret', body, 't=1,v1=zz', { nowSeconds: 1 })).toBe(false);
    expect(verifySignature('s3cret', body, undefined, { nowSeconds: 1 })).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const options = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per failure, up to the cap, with 50–100 % jitter', () => {
    expect(retryDelayMs(1, options, () => 1)).toBe(1_000);
    expect(retryDelayMs(1, options, () => 0)).toBe(500);
    expect(retryDelayMs(3, options, () => 1)).toBe(4_000);
    expect(retryDelayMs(20, options, () => 1)).toBe(60_000);
    expect(retryDelayMs(20, options, () => 0)).toBe(30_000);
    for (let i = 0; i < 100; i += 1) {
      const delay = retryDelayMs(2, options);
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });
});
