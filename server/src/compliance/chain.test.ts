import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ChainedContent, canonicalJson, chainBreak, entryHash, GENESIS_HASH, sealEntry } from './chain';

const content = (chainSeq: number, body = 'hello'): ChainedContent => ({
  chain: 'c1',
  chainSeq,
  at: 1_700_000_000_000,
  kind: 'message.sent',
  conversationId: 'c1',
  actorId: 'u1',
  messageId: `m${chainSeq}`,
  payload: { body, seq: chainSeq, attachments: [] },
});

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys and drops insignificant whitespace, whatever order the value was built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 2], c: null } })).toBe('{"a":{"c":null,"d":[3,2]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [3, 2] }, b: 1 })).toBe(
      canonicalJson({ b: 1, a: { d: [3, 2], c: null } }),
    );
  });

  it('writes numbers and strings the one way the RFC says', () => {
    expect(canonicalJson([1.0, 1e21, 0.000001, -0])).toBe('[1,1e+21,0.000001,0]');
    expect(canonicalJson('é\u2028"\\\u0007')).toBe('"é\u2028\\"\\\\\\u0007"');
    // Keys sort by UTF-16 code units: "é" (U+00E9) after "z".
    expect(canonicalJson({ é: 1, z: 2, A: 3 })).toBe('{"A":3,"z":2,"é":1}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(undefined)).toThrow();
  });
});

describe('the hash chain', () => {
  it('hashes SHA-256 over the canonical form of every field and the previous hash', () => {
    const entry = content(1);
    const expected = createHash('sha256')
      .update(
        canonicalJson({
          form: 1,
          prevHash: GENESIS_HASH,
          chain: 'c1',
          chainSeq: 1,
          at: 1_700_000_000_000,
          kind: 'message.sent',
          conversationId: 'c1',
          actorId: 'u1',
          messageId: 'm1',
          payload: { body: 'hello', seq: 1, attachments: [] },
        }),
      )
      .digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(entryHash(GENESIS_HASH, { ...entry, payload: { attachments: [], seq: 1, body: 'hello' } })).toBe(
      expected,
    );
    for (const changed of [
      { ...entry, at: entry.at + 1 },
      { ...entry, actorId: 'u2' },
      { ...entry, payload: { ...entry.payload, body: 'hello!' } },
      { ...entry, chainSeq: 2 },
    ]) {
      expect(entryHash(GENESIS_HASH, changed)).not.toBe(expected);
    }
    expect(entryHash('1'.repeat(64), entry)).not.toBe(expected);
  });

  it('says where a chain breaks', () => {
    const first = sealEntry(GENESIS_HASH, content(1));
    const second = sealEntry(first.hash, content(2));
    const third = sealEntry(second.hash, content(3));
    expect(chainBreak(null, first)).toBeNull();
    expect(chainBreak(first, second)).toBeNull();
    expect(chainBreak(first, third)).toBe('entries 2–2 are missing');
    expect(chainBreak(second, first)).toBe('entry 1 is out of order');
    expect(chainBreak(first, { ...second, prevHash: GENESIS_HASH })).toBe(
      'its link to the previous entry does not match',
    );
    expect(chainBreak(first, { ...second, payload: { body: 'forged' } })).toBe(
      'its content does not match its hash',
    );
  });
});
