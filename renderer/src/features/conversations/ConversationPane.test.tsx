import '../../test/setup';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../store/react';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { settleVirtuoso, setupSignedIn } from '../../test/render';
import { ConversationPane } from './ConversationPane';

function ActivePane() {
  const activeId = useAppStore((state) => state.activeConversationId);
  return activeId ? <ConversationPane conversationId={activeId} /> : null;
}

describe('ConversationPane', () => {
  it('replaces the transcript when another conversation is shown', async () => {
    const ctx = await setupSignedIn();
    const withBob = ctx.server.addConversation([ALICE.id, BOB.id]);
    const withCarol = ctx.server.addConversation([ALICE.id, CAROL.id]);
    ctx.server.store(withBob.id, BOB.id, 'Hello from Bob');
    ctx.server.store(withCarol.id, CAROL.id, 'Hello from Carol');
    await act(() => ctx.client.refreshConversations());

    act(() => ctx.client.showConversation(withBob.id));
    ctx.renderUi(<ActivePane />);
    await settleVirtuoso();
    expect(await screen.findByText('Hello from Bob')).toBeInTheDocument();

    act(() => ctx.client.showConversation(withCarol.id));
    await settleVirtuoso();
    expect(await screen.findByText('Hello from Carol')).toBeInTheDocument();
    expect(screen.getAllByRole('log')).toHaveLength(1);
    expect(screen.queryByText('Hello from Bob')).not.toBeInTheDocument();
    expect(screen.getAllByRole('textbox', { name: /Message/ })).toHaveLength(1);
  });
});
