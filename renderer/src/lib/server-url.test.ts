import { describe, expect, it } from 'vitest';
import { normaliseServerUrl } from './server-url';

describe('normaliseServerUrl', () => {
  it.each([
    ['https://chat.acme.test/', 'https://chat.acme.test'],
    ['chat.acme.test', 'https://chat.acme.test'],
    ['localhost:3000', 'http://localhost:3000'],
    ['127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['  http://beacon.acme.test:8080/im/  ', 'http://beacon.acme.test:8080/im'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseServerUrl(input)).toEqual({ ok: true, url: expected });
  });

  it('says "not a valid address" for text with spaces (Chromium would encode them into the host)', () => {
    expect(normaliseServerUrl('not a url')).toEqual({
      ok: false,
      error: '"not a url" is not a valid server address, e.g. https://chat.example.com.',
    });
    expect(normaliseServerUrl('https://chat%20acme.test').ok).toBe(false);
  });

  it.each(['', '   ', 'ftp://files.acme.test', 'http://'])('rejects %j with a message', (input) => {
    const result = normaliseServerUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
  });
});
