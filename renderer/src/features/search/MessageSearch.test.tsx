import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { MessageSearch } from './MessageSearch';

describe('MessageSearch', () => {
  it('searches one conversation, highlights the matches and jumps to a result by keyboard', async () => {
    const ctx = await setupSignedIn();
    const team = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team');
    const other = ctx.server.addConversation([ALICE.id, CAROL.id]);
    ctx.server.store(team.id, BOB.id, 'the budget is due Friday');
    const target = ctx.server.store(team.id, CAROL.id, 'budget approved');
    ctx.server.store(other.id, CAROL.id, 'budget elsewhere');
    await act(() => ctx.client.refreshConversations());
    act(() => ctx.store.getState().openMessageSearch(team.id));
    ctx.renderUi(<MessageSearch />);
    const dialog = screen.getByRole('dialog', { name: 'Search in Team' });
    const user = userEvent.setup();
    await user.type(within(dialog).getByRole('combobox'), 'budget');
    const results = within(dialog).getByRole('listbox', { name: 'Results' });
    await waitFor(() => expect(within(results).getAllByRole('option')).toHaveLength(2));
    expect(within(results).getAllByText('budget', { selector: 'mark' })).toHaveLength(2);
    expect(results.textContent).not.toContain('\u0002');
    expect(ctx.socket.sent('message:search').at(-1)?.payload).toMatchObject({ conversationId: team.id });
    await user.keyboard('{ArrowDown}{ArrowUp}');
    expect(within(results).getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(ctx.store.getState().jumpTarget).toMatchObject({ conversationId: team.id, seq: target.seq }),
    );
    expect(ctx.store.getState().messageSearch.open).toBe(false);
    expect(ctx.store.getState().activeConversationId).toBe(team.id);
  });

  it('searches everywhere without a conversation', async () => {
    const ctx = await setupSignedIn();
    act(() => ctx.store.getState().openMessageSearch(null));
    ctx.renderUi(<MessageSearch />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('combobox', { name: 'Search all conversations' }), 'nothing');
    expect(await screen.findByText('No messages match “nothing”.')).toBeInTheDocument();
    expect(ctx.socket.sent('message:search').at(-1)?.payload).not.toHaveProperty('conversationId');
  });
});
