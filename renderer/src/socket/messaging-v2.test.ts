import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store';
import { ALICE, BOB, CAROL, FakeServer } from '../test/fake-server';
import { FakeSocket } from '../test/fake-socket';
import { BeaconClient } from './client';

const clients: BeaconClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
});

async function setup() {
  const store = createAppStore();
  const socket = new FakeSocket();
  const server = new FakeServer(socket);
  const client = new BeaconClient({
    store,
    serverUrl: socket.serverUrl,
    token: socket.token,
    transport: () => socket,
    isAttentive: () => false,
    timing: { commandTimeoutMs: 200, presenceBatchMs: 1, presenceDebounceMs: 1, outboxRetryMs: 20 },
  });
  clients.push(client);
  store.getState().startSession(socket.serverUrl, ALICE);
  const conversation = server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team');
  client.start();
  socket.open(server.ready());
  await vi.waitFor(() => expect(store.getState().conversationsStatus).toBe('ready'));
  const open = async () => {
    client.showConversation(conversation.id);
    await vi.waitFor(() => expect(store.getState().timelines[conversation.id]?.status).toBe('ready'));
  };
  return { store, socket, server, client, conversationId: conversation.id, open };
}

describe('BeaconClient: Messages v2', () => {
  it('sends replyToId and the attachments’ file ids with a message', async () => {
    const ctx = await setup();
    await ctx.open();
    const original = ctx.server.deliver(ctx.conversationId, BOB.id, 'lunch?');
    const file = {
      id: 'f1',
      name: 'menu.pdf',
      size: 10,
      mime: 'application/pdf',
      scan: 'clean',
      thumbnail: false,
    } as const;
    ctx.server.files.set(file.id, file);
    ctx.client.sendMessage(ctx.conversationId, 'yes @bob', { replyToId: original.id, attachments: [file] });
    await vi.waitFor(() => expect(ctx.socket.sent('message:send')).toHaveLength(1));
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({
      replyToId: original.id,
      attachments: ['f1'],
      body: 'yes @bob',
    });
    await vi.waitFor(() =>
      expect(ctx.store.getState().timelines[ctx.conversationId]?.messages.at(-1)).toMatchObject({
        replyTo: { id: original.id, body: 'lunch?' },
        mentions: [BOB.id],
      }),
    );
  });

  it('edits and deletes, showing the answer at once', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.conversationId, ALICE.id, 'helo');
    await ctx.open();
    const id = ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.id ?? '';
    await ctx.client.editMessage(id, 'hello');
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]).toMatchObject({ body: 'hello' });
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.editedAt).not.toBeNull();
    await ctx.client.deleteMessage(id);
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]).toMatchObject({ body: '' });
    expect(ctx.store.getState().conversations[ctx.conversationId]?.lastMessage?.deletedAt).not.toBeNull();
  });

  it('rejects an edit the server refuses with its code', async () => {
    const ctx = await setup();
    const theirs = ctx.server.store(ctx.conversationId, BOB.id, 'mine');
    await ctx.open();
    await expect(ctx.client.editMessage(theirs.id, 'not yours')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('applies message:updated (reactions) to the loaded message', async () => {
    const ctx = await setup();
    const message = ctx.server.store(ctx.conversationId, BOB.id, 'ship it');
    await ctx.open();
    await ctx.client.addReaction(message.id, '👍');
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.reactions).toEqual({
      '👍': [ALICE.id],
    });
    await ctx.client.removeReaction(message.id, '👍');
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.reactions).toEqual({});
  });

  it('counts unread mentions of me and forgets them once read', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.conversationId, BOB.id, 'hi @alice', undefined, { mentions: [ALICE.id] });
    ctx.server.store(ctx.conversationId, BOB.id, 'hi all');
    await ctx.open();
    expect(ctx.store.getState().mentionSeqs[ctx.conversationId]).toEqual([1]);
    ctx.store.getState().markReadLocal(ctx.conversationId, 2);
    expect(ctx.store.getState().mentionSeqs[ctx.conversationId]).toEqual([]);
  });

  it('jumps to a message out of the loaded window with history around it', async () => {
    const ctx = await setup();
    for (let i = 1; i <= 120; i += 1) ctx.server.store(ctx.conversationId, BOB.id, `message ${i}`);
    await ctx.client.refreshConversations();
    await ctx.open();
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.seq).toBe(71);
    await ctx.client.historyAround(ctx.conversationId, 10);
    expect(ctx.socket.sent('message:history').map((packet) => packet.payload)).toContainEqual(
      expect.objectContaining({ aroundSeq: 10 }),
    );
    expect(ctx.store.getState().jumpTarget).toMatchObject({ conversationId: ctx.conversationId, seq: 10 });
    await vi.waitFor(() =>
      expect(ctx.store.getState().timelines[ctx.conversationId]?.messages.at(-1)?.seq).toBe(120),
    );
    const seqs = ctx.store.getState().timelines[ctx.conversationId]?.messages.map((m) => m.seq) ?? [];
    expect(seqs[0]).toBe(1);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it("jumps to a reply's quoted message by its seq with history around it, not by paging back", async () => {
    const ctx = await setup();
    const quoted = ctx.server.store(ctx.conversationId, BOB.id, 'the old question');
    for (let i = 2; i <= 120; i += 1) ctx.server.store(ctx.conversationId, BOB.id, `message ${i}`);
    await ctx.client.refreshConversations();
    await ctx.open();
    const opened = ctx.socket.sent('message:history').length;
    const found = await ctx.client.jumpToMessageId(ctx.conversationId, quoted.id, quoted.seq);
    expect(found).toBe(true);
    const pages = ctx.socket
      .sent('message:history')
      .slice(opened)
      .map((packet) => packet.payload);
    expect(pages).toContainEqual(expect.objectContaining({ aroundSeq: quoted.seq }));
    expect(pages).not.toContainEqual(expect.objectContaining({ beforeSeq: expect.any(Number) }));
    expect(ctx.store.getState().jumpTarget).toMatchObject({ conversationId: ctx.conversationId, seq: 1 });
  });

  it('marks as unread on the server too, so it sticks on every device', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.conversationId, BOB.id, 'one');
    ctx.server.store(ctx.conversationId, BOB.id, 'two');
    await ctx.open();
    await ctx.client.markUnread(ctx.conversationId, 2);
    expect(ctx.socket.sent('message:unread').map((packet) => packet.payload)).toEqual([
      { conversationId: ctx.conversationId, seq: 2 },
    ]);
    expect(ctx.store.getState().conversations[ctx.conversationId]?.readSeq).toBe(1);
  });

  it('searches in one conversation and keeps the snippet markers', async () => {
    const ctx = await setup();
    ctx.server.store(ctx.conversationId, BOB.id, 'the budget is due');
    ctx.store.getState().openMessageSearch(ctx.conversationId);
    await ctx.client.searchMessages('budget');
    expect(ctx.socket.sent('message:search')[0]?.payload).toMatchObject({
      query: 'budget',
      conversationId: ctx.conversationId,
    });
    expect(ctx.store.getState().messageSearch.hits[0]?.snippet).toBe('the \u0002budget\u0003 is due');
  });

  it('updates attachments when their scan finishes', async () => {
    const ctx = await setup();
    const pending = {
      id: 'f9',
      name: 'a.png',
      size: 1,
      mime: 'image/png',
      scan: 'pending',
      thumbnail: false,
    } as const;
    ctx.server.store(ctx.conversationId, BOB.id, 'see', undefined, { attachments: [pending] });
    await ctx.open();
    ctx.socket.serverEmit('file:scanned', {
      file: { ...pending, scan: 'clean', thumbnail: true, sha256: 'a'.repeat(64) },
    });
    expect(ctx.store.getState().timelines[ctx.conversationId]?.messages[0]?.attachments[0]).toMatchObject({
      scan: 'clean',
      thumbnail: true,
    });
  });

  it('renames, removes members and leaves a group', async () => {
    const ctx = await setup();
    await ctx.client.updateConversation(ctx.conversationId, { title: 'Core', removeMemberIds: [CAROL.id] });
    expect(ctx.store.getState().conversations[ctx.conversationId]).toMatchObject({
      title: 'Core',
      memberIds: [ALICE.id, BOB.id],
    });
    await ctx.client.leaveConversation(ctx.conversationId);
    expect(ctx.store.getState().conversations[ctx.conversationId]?.memberIds).toEqual([BOB.id]);
  });
});
