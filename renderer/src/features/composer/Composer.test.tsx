import '../../test/setup';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { Composer } from './Composer';

async function setup() {
  const ctx = await setupSignedIn();
  const conversation = ctx.server.addConversation([ALICE.id, BOB.id]);
  await ctx.client.refreshConversations();
  const onSent = vi.fn();
  ctx.renderUi(<Composer conversationId={conversation.id} recipientLabel="Bob Baker" onSent={onSent} />);
  return { ...ctx, conversationId: conversation.id, onSent, user: userEvent.setup() };
}

describe('Composer', () => {
  it('sends on Enter and adds a line on Shift+Enter', async () => {
    const ctx = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await ctx.user.type(box, 'first line{Shift>}{Enter}{/Shift}second line');
    expect(box).toHaveValue('first line\nsecond line');
    expect(ctx.socket.sent('message:send')).toHaveLength(0);
    await ctx.user.keyboard('{Enter}');
    expect(box).toHaveValue('');
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({
      conversationId: ctx.conversationId,
      body: 'first line\nsecond line',
    });
    expect(ctx.onSent).toHaveBeenCalledTimes(1);
  });

  it('sends with the Send button and ignores blank messages', async () => {
    const ctx = await setup();
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await ctx.user.type(screen.getByRole('textbox', { name: 'Message' }), '   {Enter}');
    expect(ctx.socket.sent('message:send')).toHaveLength(0);
    await ctx.user.type(screen.getByRole('textbox', { name: 'Message' }), 'hello');
    await ctx.user.click(send);
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({ body: 'hello' });
  });

  it('announces typing while writing', async () => {
    const ctx = await setup();
    await ctx.user.type(screen.getByRole('textbox', { name: 'Message' }), 'h');
    expect(ctx.socket.sent('typing')[0]?.payload).toEqual({
      conversationId: ctx.conversationId,
      typing: true,
    });
  });

  it('refuses a message over the limit and says why', async () => {
    const ctx = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await ctx.user.click(box);
    await ctx.user.paste('x'.repeat(10_001));
    await ctx.user.keyboard('{Enter}');
    expect(ctx.socket.sent('message:send')).toHaveLength(0);
    expect(screen.getByText(/Too long to send/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });
});
