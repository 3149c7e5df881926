import type { Conversation, Message, Presence, User } from '@beacon/protocol';
import { handleMessagingV2 } from './fake-server-v2';
import type { AckFn, FakeSocket } from './fake-socket';
import { V2_DEFAULTS } from './messages';

export const ALICE: User = { id: 'u-alice', email: 'alice@acme.test', name: 'Alice Archer' };
export const BOB: User = { id: 'u-bob', email: 'bob@acme.test', name: 'Bob Baker' };
export const CAROL: User = { id: 'u-carol', email: 'carol@acme.test', name: 'Carol Chen' };

export function presenceOf(
  userId: string,
  status: Presence['status'] = 'available',
  updatedAt = 1,
): Presence {
  return { userId, status, message: null, idleSince: null, updatedAt };
}

interface StoredConversation {
  conversation: Conversation;
  messages: Message[];
}

export type Reply =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: { code: string; message: string } };

/**
 * A small in-memory server speaking the contract through a FakeSocket, for socket-layer tests:
 * idempotent sends, paged history, conversations, contacts and presence. `hold` and `failNext`
 * simulate lost acknowledgements and refusals.
 */
export class FakeServer {
  readonly users = new Map<string, User>([ALICE, BOB, CAROL].map((user) => [user.id, user]));
  readonly presences = new Map<string, Presence>();
  readonly conversations = new Map<string, StoredConversation>();
  readonly contacts: string[] = [BOB.id, CAROL.id];
  /** Commands whose acknowledgements are swallowed (as if lost on the way back). */
  readonly held = new Set<string>();
  private readonly failures = new Map<string, Array<{ code: string; message: string }>>();
  private clock = Date.now() - 60_000;
  private nextId = 1;

  /** Uploaded files that `message:send` may attach, by id. */
  readonly files = new Map<string, Message['attachments'][number]>();
  /** `presence:watch` requests received, by user id. */
  readonly watches = new Set<string>();
  /** 2: answers like a v2 server (`ready.protocol`, `chosen`, `until`, out of office, device reports). */
  protocol: 1 | 2 = 1;
  /** `ready.notices.recording` (P12); undefined: no `notices` at all, as from an older server. */
  recordingNotice: string | null | undefined = undefined;

  constructor(
    readonly socket: FakeSocket,
    readonly me: User = ALICE,
  ) {
    for (const user of this.users.values()) this.presences.set(user.id, presenceOf(user.id));
    this.handleV2();
    handleMessagingV2(this);
    this.handle('contacts:list', () => ({
      ok: true,
      users: this.contacts.map((id) => this.withPresence(id)),
    }));
    this.handle('conversation:list', () => ({
      ok: true,
      conversations: [...this.conversations.values()].map((entry) => entry.conversation),
    }));
    this.handle('presence:subscribe', (payload) => {
      const { userIds } = payload as { userIds: string[] };
      return { ok: true, presences: userIds.flatMap((id) => this.presences.get(id) ?? []) };
    });
    this.handle('presence:set', (payload) => {
      const { status, message, until } = payload as {
        status: Presence['status'];
        message?: string | null;
        until?: number | null;
      };
      const current = this.presences.get(this.me.id) ?? presenceOf(this.me.id);
      const note = message === undefined ? current.message : message;
      const next: Presence = { ...current, status, message: note, updatedAt: this.tick() };
      if (this.protocol === 2) {
        next.chosen = { status, message: note, until: until ?? null };
        next.source = 'manual';
        next.activity = null;
        next.until = until ?? null;
      }
      this.presences.set(this.me.id, next);
      return { ok: true, presence: next };
    });
    this.handle('directory:search', (payload) => {
      const { query } = payload as { query: string };
      const users = [...this.users.values()].filter((user) =>
        user.name.toLowerCase().includes(query.toLowerCase()),
      );
      return { ok: true, users: users.map((user) => this.withPresence(user.id)) };
    });
    this.handle('contacts:add', (payload) => {
      this.contacts.push((payload as { userId: string }).userId);
      return { ok: true };
    });
    this.handle('contacts:remove', () => ({ ok: true }));
    this.handle('conversation:open', (payload) => {
      const { memberIds, title, kind } = payload as {
        memberIds: string[];
        title?: string;
        kind?: 'direct' | 'group';
      };
      const members = [this.me.id, ...memberIds.filter((id) => id !== this.me.id)];
      const groupKind = kind ?? (members.length === 2 ? 'direct' : 'group');
      if (groupKind === 'direct') {
        const existing = [...this.conversations.values()].find(
          (entry) =>
            entry.conversation.kind === 'direct' &&
            members.every((id) => entry.conversation.memberIds.includes(id)),
        );
        if (existing) return { ok: true, conversation: existing.conversation };
      }
      const conversation = this.addConversation(members, groupKind, title);
      return { ok: true, conversation };
    });
    this.handle('message:send', (payload) => {
      const { conversationId, clientId, body } = payload as {
        conversationId: string;
        clientId: string;
        body: string;
      };
      const entry = this.conversations.get(conversationId);
      if (!entry)
        return { ok: false, error: { code: 'not_found', message: 'conversationId: no such conversation' } };
      if (body.length > 10_000) return { ok: false, error: { code: 'too_large', message: 'body: too long' } };
      const existing = entry.messages.find(
        (message) => message.clientId === clientId && message.senderId === this.me.id,
      );
      if (existing) return { ok: true, message: existing };
      const { replyToId, attachments = [] } = payload as { replyToId?: string; attachments?: string[] };
      const replied = entry.messages.find((message) => message.id === replyToId);
      const mentions = [...body.matchAll(/@([\w.-]+)/g)].flatMap(
        (match) =>
          [...this.users.values()].find(
            (user) => user.email.split('@')[0] === match[1] && user.id !== this.me.id,
          )?.id ?? [],
      );
      const extras: Partial<Message> = {
        mentions,
        attachments: attachments.flatMap((id) => this.files.get(id) ?? []),
        ...(replied
          ? {
              replyToId: replied.id,
              replyTo: {
                id: replied.id,
                seq: replied.seq,
                senderId: replied.senderId,
                body: replied.body,
                deleted: false,
              },
            }
          : {}),
      };
      return { ok: true, message: this.store(conversationId, this.me.id, body, clientId, extras) };
    });
    this.handle('message:history', (payload) => {
      const {
        conversationId,
        beforeSeq,
        afterSeq,
        limit = 50,
      } = payload as {
        conversationId: string;
        beforeSeq?: number;
        afterSeq?: number;
        limit?: number;
      };
      const all = this.conversations.get(conversationId)?.messages ?? [];
      const max = Math.min(limit, 200);
      if (afterSeq !== undefined) {
        const newer = all.filter((message) => message.seq > afterSeq);
        return { ok: true, messages: newer.slice(0, max), more: newer.length > max };
      }
      const { aroundSeq } = payload as { aroundSeq?: number };
      if (aroundSeq !== undefined) {
        const index = Math.max(
          0,
          all.findIndex((message) => message.seq >= aroundSeq),
        );
        const start = Math.max(0, index - Math.floor(max / 2));
        return { ok: true, messages: all.slice(start, start + max), more: start > 0 };
      }
      const older = beforeSeq !== undefined ? all.filter((message) => message.seq < beforeSeq) : all;
      return { ok: true, messages: older.slice(-max), more: older.length > max };
    });
    this.handle('message:read', () => ({ ok: true }));
    this.handle('message:unread', () => ({ ok: true }));
  }

  /** The ready payload for `socket.open(...)`. */
  ready() {
    return {
      user: this.me,
      presence: this.presences.get(this.me.id) ?? presenceOf(this.me.id),
      serverTime: this.clock,
      ...(this.protocol === 2 ? { protocol: 2 } : {}),
      ...(this.recordingNotice === undefined ? {} : { notices: { recording: this.recordingNotice } }),
    };
  }

  /** Changes someone's presence and pushes it live, as the server does for subscribed people. */
  push(userId: string, change: Partial<Presence>): Presence {
    const next = { ...(this.presences.get(userId) ?? presenceOf(userId)), ...change, updatedAt: this.tick() };
    this.presences.set(userId, next);
    this.socket.serverEmit('presence', next);
    return next;
  }

  /** v2 commands; a v1 server leaves them unanswered (the client then times out). */
  private handleV2(): void {
    const v2Only = (answer: (payload: unknown) => Reply) => (payload: unknown) =>
      this.protocol === 2
        ? answer(payload)
        : ({ ok: false, error: { code: 'invalid', message: 'unknown event' } } as const);
    this.handle(
      'device:activity',
      v2Only(() => ({ ok: true, presence: this.presences.get(this.me.id) ?? presenceOf(this.me.id) })),
    );
    this.handle(
      'presence:out-of-office',
      v2Only((payload) => {
        const request = payload as { clear?: true; from?: number; to?: number; message?: string | null };
        const current = this.presences.get(this.me.id) ?? presenceOf(this.me.id);
        const outOfOffice =
          request.clear || request.from === undefined || request.to === undefined
            ? null
            : { from: request.from, to: request.to, message: request.message ?? null };
        const next: Presence = { ...current, outOfOffice, updatedAt: this.tick() };
        this.presences.set(this.me.id, next);
        return { ok: true, presence: next };
      }),
    );
    this.handle(
      'presence:watch',
      v2Only((payload) => {
        this.watches.add((payload as { userId: string }).userId);
        return { ok: true };
      }),
    );
    this.handle(
      'presence:unwatch',
      v2Only((payload) => {
        this.watches.delete((payload as { userId: string }).userId);
        return { ok: true };
      }),
    );
  }

  failNext(event: string, code: string, message = 'refused'): void {
    const list = this.failures.get(event) ?? [];
    list.push({ code, message });
    this.failures.set(event, list);
  }

  addConversation(memberIds: string[], kind: 'direct' | 'group' = 'direct', title?: string): Conversation {
    const id = `c${this.nextId++}`;
    const others = memberIds.filter((member) => member !== this.me.id);
    const conversation: Conversation = {
      id,
      kind,
      title: title ?? others.map((member) => this.users.get(member)?.name ?? member).join(', '),
      memberIds,
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
      lastMessage: null,
      readSeqs: Object.fromEntries(memberIds.map((member) => [member, 0])),
      createdAt: this.tick(),
    };
    this.conversations.set(id, { conversation, messages: [] });
    return conversation;
  }

  /** Stores a message (as if sent by `senderId` from elsewhere) without telling the client. */
  store(
    conversationId: string,
    senderId: string,
    body: string,
    clientId = `client-${this.nextId++}`,
    extras: Partial<Message> = {},
  ): Message {
    const entry = this.conversations.get(conversationId);
    if (!entry) throw new Error(`no conversation ${conversationId}`);
    const message: Message = {
      ...V2_DEFAULTS,
      mentions: [],
      reactions: {},
      attachments: [],
      ...extras,
      id: `m${this.nextId++}`,
      conversationId,
      seq: entry.messages.length + 1,
      senderId,
      clientId,
      body,
      sentAt: this.tick(),
    };
    entry.messages.push(message);
    const mine = senderId === this.me.id;
    entry.conversation = {
      ...entry.conversation,
      lastSeq: message.seq,
      lastMessage: message,
      readSeq: mine ? message.seq : entry.conversation.readSeq,
      unread: mine ? entry.conversation.unread : entry.conversation.unread + 1,
    };
    return message;
  }

  /** Stores a message from someone else and pushes it live to the client. */
  deliver(conversationId: string, senderId: string, body: string): Message {
    const message = this.store(conversationId, senderId, body);
    this.socket.serverEmit('message', { message });
    return message;
  }

  /** Answers a command (also used by `handleMessagingV2`). */
  handle(event: string, answer: (payload: unknown) => Reply): void {
    this.socket.handlers.set(event, (payload: unknown, ack: AckFn) => {
      const failure = this.failures.get(event)?.shift();
      const reply: Reply = failure ? { ok: false, error: failure } : answer(payload);
      if (this.held.has(event)) return;
      queueMicrotask(() => ack(reply));
    });
  }

  private withPresence(userId: string) {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    return { ...user, presence: this.presences.get(userId) ?? presenceOf(userId) };
  }

  private tick(): number {
    this.clock += 1_000;
    return this.clock;
  }
}
