import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../store/react';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { GroupMemberList } from './GroupMemberList';

function LiveList({ id }: { id: string }) {
  const conversation = useAppStore((state) => state.conversations[id]);
  return conversation ? <GroupMemberList conversation={conversation} meId={ALICE.id} /> : null;
}

async function setup() {
  const ctx = await setupSignedIn();
  const group = ctx.server.addConversation([ALICE.id, BOB.id], 'group', 'Launch');
  await act(() => ctx.client.refreshConversations());
  ctx.renderUi(<LiveList id={group.id} />);
  return { ...ctx, id: group.id, user: userEvent.setup() };
}

describe('group management', () => {
  it('renames the group', async () => {
    const ctx = await setup();
    await ctx.user.click(screen.getByRole('button', { name: 'Rename' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename group' });
    const input = within(dialog).getByRole('textbox', { name: 'Group name' });
    await ctx.user.clear(input);
    await ctx.user.type(input, 'Launch v2{Enter}');
    await waitFor(() => expect(ctx.store.getState().conversations[ctx.id]?.title).toBe('Launch v2'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('adds people from the directory and removes a member after confirming', async () => {
    const ctx = await setup();
    await ctx.user.click(screen.getByRole('button', { name: 'Add people' }));
    const dialog = screen.getByRole('dialog', { name: 'Add people' });
    expect(within(dialog).queryByRole('checkbox', { name: 'Bob Baker' })).not.toBeInTheDocument();
    await ctx.user.click(within(dialog).getByRole('checkbox', { name: 'Carol Chen' }));
    await ctx.user.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(ctx.store.getState().conversations[ctx.id]?.memberIds).toContain(CAROL.id));
    expect(ctx.socket.sent('conversation:update').at(-1)?.payload).toEqual({
      conversationId: ctx.id,
      addMemberIds: [CAROL.id],
    });

    await ctx.user.click(screen.getByRole('button', { name: 'Remove Bob Baker' }));
    await ctx.user.click(
      within(screen.getByRole('dialog', { name: 'Remove Bob Baker?' })).getByRole('button', {
        name: 'Remove',
      }),
    );
    await waitFor(() => expect(ctx.store.getState().conversations[ctx.id]?.memberIds).not.toContain(BOB.id));
  });

  it('leaves the group; then nothing can be managed', async () => {
    const ctx = await setup();
    await ctx.user.click(screen.getByRole('button', { name: 'Leave group' }));
    await ctx.user.click(
      within(screen.getByRole('dialog', { name: 'Leave Launch?' })).getByRole('button', { name: 'Leave' }),
    );
    await waitFor(() => expect(ctx.store.getState().conversations[ctx.id]?.memberIds).toEqual([BOB.id]));
    expect(screen.queryByRole('button', { name: 'Add people' })).not.toBeInTheDocument();
  });

  it('shows why a change was refused and keeps the dialog', async () => {
    const ctx = await setup();
    ctx.server.failNext('conversation:update', 'rate_limited', 'slow down');
    await ctx.user.click(screen.getByRole('button', { name: 'Rename' }));
    await ctx.user.type(screen.getByRole('textbox', { name: 'Group name' }), '!{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not rename the group. Too many requests.',
    );
  });
});
