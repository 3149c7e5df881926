import '../../test/setup';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB } from '../../test/fake-server';
import { settleVirtuoso, setupSignedIn } from '../../test/render';
import { Transcript, type TranscriptHandle } from './Transcript';

async function setup() {
  const ctx = await setupSignedIn();
  const conversation = ctx.server.addConversation([ALICE.id, BOB.id]);
  await act(() => ctx.client.refreshConversations());
  return { ...ctx, id: conversation.id };
}

async function open(ctx: Awaited<ReturnType<typeof setup>>) {
  act(() => ctx.client.showConversation(ctx.id));
  await vi.waitFor(() => expect(ctx.store.getState().timelines[ctx.id]?.status).toBe('ready'));
  ctx.renderUi(<Transcript conversationId={ctx.id} handleRef={createRef<TranscriptHandle>()} />);
  await settleVirtuoso();
  return screen.getByRole('log', { name: 'Messages with Bob Baker' });
}

describe('Transcript', () => {
  it('is a named log with grouped messages, a day separator and timestamps', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, BOB.id, 'Hi Alice');
    ctx.server.store(ctx.id, BOB.id, 'Are you there?');
    ctx.server.store(ctx.id, ALICE.id, 'Yes!');
    await act(() => ctx.client.refreshConversations());
    const log = await open(ctx);
    expect(await within(log).findByText('Hi Alice')).toBeInTheDocument();
    expect(within(log).getByText('Are you there?')).toBeInTheDocument();
    expect(within(log).getAllByText('Bob Baker')).toHaveLength(1);
    expect(within(log).getByText('Alice Archer (you)')).toBeInTheDocument();
    expect(within(log).getByText('Today')).toBeInTheDocument();
    expect(log.querySelectorAll('time').length).toBeGreaterThanOrEqual(3);
  });

  it('renders message text as text, never as HTML, and opens links through the host', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, BOB.id, '<img src=x onerror=alert(1)> see https://example.com/doc');
    await act(() => ctx.client.refreshConversations());
    const log = await open(ctx);
    expect(log.querySelector('img')).toBeNull();
    expect(within(log).getByText('<img src=x onerror=alert(1)> see', { exact: false })).toBeInTheDocument();
    await userEvent.click(within(log).getByRole('link', { name: 'https://example.com/doc' }));
    expect(ctx.bridge.openExternal).toHaveBeenCalledWith('https://example.com/doc');
  });

  it('shows a message as pending until acknowledged and offers Retry when refused', async () => {
    const ctx = await setup();
    const log = await open(ctx);
    ctx.server.held.add('message:send');
    act(() => ctx.client.sendMessage(ctx.id, 'pending one'));
    await settleVirtuoso();
    expect(await within(log).findByText('Sending…')).toBeInTheDocument();
    ctx.server.held.delete('message:send');
    ctx.client.stop();
    const { store } = ctx;
    act(() =>
      store.getState().putOutboxItem({
        ...(store.getState().outbox[ctx.id]?.[0] ?? {
          clientId: 'x',
          conversationId: ctx.id,
          body: 'x',
          createdAt: 1,
        }),
        state: 'failed',
        error: { code: 'too_large', message: 'body: too long' },
      }),
    );
    expect(await within(log).findByText('Not sent: the message is too long.')).toBeInTheDocument();
    expect(within(log).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('marks the last own message the other person has read as Seen', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.id, ALICE.id, 'first');
    ctx.server.store(ctx.id, ALICE.id, 'second');
    await act(() => ctx.client.refreshConversations());
    const log = await open(ctx);
    expect(within(log).queryByText('Seen')).toBeNull();
    act(() => ctx.socket.serverEmit('read', { conversationId: ctx.id, userId: BOB.id, seq: 1 }));
    const seen = within(log).getByText('Seen');
    expect(seen.closest('.message-row')).toHaveTextContent('first');
  });
});
