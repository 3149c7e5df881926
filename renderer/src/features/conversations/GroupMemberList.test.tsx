import '../../test/setup';
import type { Conversation, Presence } from '@beacon/protocol';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { GroupMemberList } from './GroupMemberList';

const DAVE = { id: 'u-dave', email: 'dave@acme.test', name: 'Dave Diaz' };

const group: Conversation = {
  id: 'c-group',
  kind: 'group',
  title: 'Launch',
  memberIds: [ALICE.id, DAVE.id, BOB.id, CAROL.id],
  lastSeq: 0,
  readSeq: 0,
  unread: 0,
  members: [ALICE, DAVE, BOB, CAROL],
};

function presence(userId: string, status: Presence['status'], extra: Partial<Presence> = {}): Presence {
  return { userId, status, message: null, idleSince: null, updatedAt: Date.now(), ...extra };
}

describe('GroupMemberList', () => {
  it('lists the other members with their presence, available first, and follows changes', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    act(() => {
      ctx.store.getState().rememberUsers([DAVE]);
      ctx.store
        .getState()
        .applyPresences([
          presence(BOB.id, 'busy', { source: 'integration', activity: 'On a call', until: null }),
          presence(CAROL.id, 'offline', { source: 'offline', activity: null, until: null }),
          presence(DAVE.id, 'available', { source: 'manual', activity: null, until: null }),
        ]);
    });
    ctx.renderUi(<GroupMemberList conversation={group} meId={ALICE.id} />);
    const list = screen.getByRole('list', { name: 'Members' });
    const names = () =>
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.getAttribute('aria-label') ?? '');
    expect(names()).toHaveLength(3);
    expect(names()[0]).toMatch(/^Dave Diaz, Available/);
    expect(names()[1]).toMatch(/^Bob Baker, Busy · On a call/);
    expect(names()[2]).toMatch(/^Carol Chen, Offline/);
    expect(names().some((name) => name.startsWith('Alice'))).toBe(false);

    act(() => {
      ctx.store
        .getState()
        .applyPresences([presence(CAROL.id, 'available', { source: 'manual', activity: null, until: null })]);
    });
    expect(names()[0]).toMatch(/^Carol Chen, Available/);
    expect(names()[1]).toMatch(/^Dave Diaz, Available/);
  });
});
