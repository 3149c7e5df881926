import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { settleVirtuoso, setupSignedIn } from '../../test/render';
import { Transcript, type TranscriptHandle } from './Transcript';

async function setup() {
  const ctx = await setupSignedIn();
  const conversation = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team');
  return { ...ctx, id: conversation.id };
}

async function open(ctx: Awaited<ReturnType<typeof setup>>) {
  await act(() => ctx.client.refreshConversations());
  act(() => ctx.client.showConversation(ctx.id));
  await vi.waitFor(() => expect(ctx.store.getState().timelines[ctx.id]?.status).toBe('ready'));
  ctx.renderUi(<Transcript conversationId={ctx.id} handleRef={createRef<TranscriptHandle>()} />);
  await settleVirtuoso();
  return screen.getByRole('log', { name: 'Messages in Team' });
}

describe('Transcript: Messages v2', () => {
  it('shows edited marks, tombstones, system notes, quotes, mentions and reactions', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, ALICE.id, 'created', undefined, {
      kind: 'system',
      system: { action: 'added', actorId: ALICE.id, userIds: [CAROL.id], title: null },
    });
    const first = ctx.server.store(ctx.id, BOB.id, 'first draft', undefined, { editedAt: Date.now() });
    ctx.server.store(ctx.id, BOB.id, '', undefined, { deletedAt: Date.now() });
    ctx.server.store(ctx.id, CAROL.id, 'agreed @alice and @bob', undefined, {
      replyToId: first.id,
      replyTo: { id: first.id, seq: first.seq, senderId: BOB.id, body: 'first draft', deleted: false },
      mentions: [ALICE.id, BOB.id],
      reactions: { '👍': [BOB.id, ALICE.id] },
    });
    const log = await open(ctx);
    expect(within(log).getByText('You added Carol Chen')).toHaveClass('system-note');
    expect(within(log).getByText('(edited)')).toHaveAttribute('title', expect.stringMatching(/^Edited /));
    expect(within(log).getByText('This message was deleted')).toBeInTheDocument();
    expect(within(log).getByRole('button', { name: /Bob Baker.*first draft/ })).toHaveClass('reply-quote');
    expect(within(log).getByText('@alice')).toHaveAttribute('data-me', 'true');
    expect(within(log).getByText('@bob')).not.toHaveAttribute('data-me');
    const chip = within(log).getByRole('button', { name: '👍 2: Bob Baker, You' });
    expect(chip).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(chip);
    await waitFor(() =>
      expect(ctx.socket.sent('reaction:remove')[0]?.payload).toEqual({
        messageId: expect.any(String),
        emoji: '👍',
      }),
    );
  });

  it('deletes my message after a confirmation and edits it in place', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, ALICE.id, 'tpyo');
    const log = await open(ctx);
    const user = userEvent.setup();
    await user.click(within(log).getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }));
    const editor = within(log).getByRole('textbox', { name: 'Edit message' });
    await user.clear(editor);
    await user.type(editor, 'typo{Enter}');
    expect(await within(log).findByText('typo')).toBeInTheDocument();
    expect(within(log).getByText('(edited)')).toBeInTheDocument();

    await user.click(within(log).getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete message?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(log).findByText('This message was deleted')).toBeInTheDocument();
  });

  it('opens the actions menu from the keyboard and moves between messages with the arrows', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, BOB.id, 'one');
    ctx.server.store(ctx.id, BOB.id, 'two');
    const log = await open(ctx);
    const rows = log.querySelectorAll<HTMLElement>('.message[data-message-id]');
    expect([...rows].map((row) => row.tabIndex)).toEqual([-1, 0]);
    const user = userEvent.setup();
    act(() => rows[1]?.focus());
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(rows[0]).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(screen.getByRole('menu', { name: 'Message actions' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Reply' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(ctx.store.getState().replyingTo[ctx.id]).toBe(
      ctx.store.getState().timelines[ctx.id]?.messages[0]?.id,
    );
  });

  it('shows "New messages" above the first unread message, and "Mark as unread" moves it', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, ALICE.id, 'mine');
    ctx.server.store(ctx.id, BOB.id, 'news 1');
    ctx.server.store(ctx.id, BOB.id, 'news 2');
    await act(() => ctx.client.refreshConversations());
    const log = await open(ctx);
    const divider = within(log).getByText('New messages');
    expect(divider).toHaveTextContent('New messages');
    expect(divider.closest('.message-row')).toHaveTextContent('news 1');
    expect(within(log).getByRole('button', { name: 'Jump to first unread' })).toBeInTheDocument();

    act(() => ctx.store.getState().markUnreadLocal(ctx.id, 3));
    await waitFor(() =>
      expect(within(log).getByText('New messages').closest('.message-row')).toHaveTextContent('news 2'),
    );
    expect(ctx.store.getState().conversations[ctx.id]).toMatchObject({ readSeq: 2, unread: 1 });
  });

  it('is read-only for a conversation I left', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, BOB.id, 'bye');
    await open(ctx);
    await act(() => ctx.client.leaveConversation(ctx.id));
    expect(screen.queryByRole('button', { name: 'Reply' })).not.toBeInTheDocument();
  });
});
