import { describe, expect, it } from 'vitest';
import { mentionsUser } from './mention-selectors';

describe('mentionsUser', () => {
  it('says whether a message mentions me, never for my own', () => {
    expect(mentionsUser({ senderId: 'u-bob', mentions: ['u-alice'] }, 'u-alice')).toBe(true);
    expect(mentionsUser({ senderId: 'u-bob', mentions: ['u-carol'] }, 'u-alice')).toBe(false);
    expect(mentionsUser({ senderId: 'u-alice', mentions: ['u-alice'] }, 'u-alice')).toBe(false);
    expect(mentionsUser({ senderId: 'u-bob', mentions: ['u-alice'] }, undefined)).toBe(false);
  });
});
