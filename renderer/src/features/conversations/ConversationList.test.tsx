import '../../test/setup';
import { act, screen } from '@testing-library/react';
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
});
