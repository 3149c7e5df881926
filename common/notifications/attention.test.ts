import { describe, expect, it } from 'vitest';
import { isLookingAtApp, isLookingAtConversation } from './attention';

const front = { focused: true, visible: true, minimized: false };

describe('attention', () => {
  it('the app is looked at only when focused, visible and not minimized', () => {
    expect(isLookingAtApp(front)).toBe(true);
    expect(isLookingAtApp({ ...front, focused: false })).toBe(false);
    expect(isLookingAtApp({ ...front, visible: false })).toBe(false);
    expect(isLookingAtApp({ ...front, minimized: true })).toBe(false);
  });

  it('a conversation is looked at when it is on screen in the app in front', () => {
    const view = { conversationId: 'c1' };
    expect(isLookingAtConversation('c1', view, front)).toBe(true);
    expect(isLookingAtConversation('c2', view, front)).toBe(false);
    expect(isLookingAtConversation('c1', null, front)).toBe(false);
    expect(isLookingAtConversation('c1', view, { ...front, focused: false })).toBe(false);
  });
});
