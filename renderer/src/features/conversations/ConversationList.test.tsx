import '../../test/setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { ConversationList } from './ConversationList';

describe('ConversationList', () => {
  it('shows unread counts and last-message previews in the row names', async () => {
    const ctx = await setupSignedIn();
    const direct = ctx.server.addConversation([ALICE.id, BOB.id]);
    const group = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Launch');
    for (const body of ['one', 'two', 'see you at 3']) ctx.server.store(direct.id, BOB.id, body);
    ctx.server.store(group.id, ALICE.id, 'agenda attached');
    await act(() => ctx.client.refreshConversations());
    ctx.renderUi(<ConversationList onNewGroup={() => undefined} />);
    expect(screen.getByRole('list', { name: 'Conversations' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Bob Baker, 3 unread, see you at 3' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Launch, group, You: agenda attached' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New group' })).toBeInTheDocument();
  });

  it('shows a mention badge apart from the unread count', async () => {
    const ctx = await setupSignedIn();
    const group = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Launch');
    ctx.server.store(group.id, BOB.id, 'hi @alice', undefined, { mentions: [ALICE.id] });
    ctx.server.store(group.id, BOB.id, 'and all');
    await act(() => ctx.client.refreshConversations());
    act(() => ctx.store.getState().noteMentions(ctx.server.conversations.get(group.id)?.messages ?? []));
    ctx.renderUi(<ConversationList onNewGroup={() => undefined} />);
    const row = screen.getByRole('listitem', {
      name: 'Launch, group, 2 unread, 1 mention of you, Bob: and all',
    });
    expect(row.querySelector('.mention-badge')).toHaveTextContent('@');
    expect(row.querySelector('.unread-badge')).toHaveTextContent('2');
  });

  it('is one Tab stop; the arrow keys move between conversations', async () => {
    const ctx = await setupSignedIn();
    ctx.server.addConversation([ALICE.id, BOB.id]);
    ctx.server.addConversation([ALICE.id, CAROL.id]);
    await act(() => ctx.client.refreshConversations());
    ctx.renderUi(<ConversationList onNewGroup={() => undefined} />);
    const rows = screen
      .getAllByRole('button')
      .filter((button) => button.classList.contains('conversation-row'));
    expect(rows.map((row) => row.tabIndex)).toEqual([0, -1]);
    act(() => rows[0]?.focus());
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(rows[1]).toHaveFocus());
    expect(rows.map((row) => row.tabIndex)).toEqual([-1, 0]);
    await userEvent.keyboard('{Home}');
    await waitFor(() => expect(rows[0]).toHaveFocus());
  });
});
