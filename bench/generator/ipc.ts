import type { TargetKind } from './clients';

/** A user the generator connects with its session token. */
export interface ClientSpec {
  userId: string;
  token: string;
  /** Subscribe to these users' presence once ready. */
  subscribeTo?: string[];
  /** This client's server, when not the command's (several nodes: bench/cluster/). */
  url?: string;
}

/** A user of the login storm: signs in with e-mail and password (or reuses its token). */
export interface StormUser {
  email: string;
  password: string;
  userId: string;
  token: string;
  subscribeTo: string[];
}

export interface Pair {
  conversationId: string;
  senderId: string;
  receiverId: string;
}

export interface Commands {
  /** Connects the clients at `ratePerSecond` (open loop), subscribing those that ask. */
  connect: {
    command: { kind: TargetKind; url: string; clients: ClientSpec[]; ratePerSecond: number };
    result: {
      connected: number;
      failed: number;
      /** Connection attempts beyond the first (the client retried after a refusal or reset). */
      retries: number;
      firstError: string | null;
      seconds: number;
    };
  };
  /** Senders of `pairs` (connected here) send at `ratePerSecond` in total; receivers are here too. */
  messages: {
    command: {
      pairs: Pair[];
      ratePerSecond: number;
      warmupMs: number;
      durationMs: number;
      bodyChars: number;
      /** After the sends, edit those messages at the same rate for as long (Messages v2). */
      edit?: boolean;
    };
    result: {
      sent: number;
      acked: number;
      delivered: number;
      failed: number;
      /** Sends the server answered `rate_limited` and the client retried (same clientId). */
      rateLimited: number;
      firstError: string | null;
      ackMs: number[];
      deliveryMs: number[];
      seconds: number;
      /** The edit phase, measured the same way (delivery: the receiver's `message:updated`). */
      edits?: Omit<Commands['messages']['result'], 'edits'>;
    };
  };
  /** Every client here except `userId` counts the presence changes of `userId`. */
  watch: { command: { userId: string }; result: { watchers: number } };
  /** The client `userId` (connected here) changes its status; returns the wall time just before. */
  change: { command: { userId: string; round: number }; result: { sentAt: number } };
  /** Waits until every watcher here got round `round`; returns when the last one did. */
  awaitRound: {
    command: { round: number; timeoutMs: number };
    result: { received: number; expected: number; lastAt: number };
  };
  /** Logs users in (or reconnects them by token) at `ratePerSecond`; each then subscribes. */
  storm: {
    command: {
      kind: TargetKind;
      url: string;
      users: StormUser[];
      ratePerSecond: number;
      mode: 'login' | 'token';
    };
    result: {
      completed: number;
      failed: number;
      firstError: string | null;
      totalMs: number[];
      loginMs: number[];
    };
  };
  closeAll: { command: Record<string, never>; result: { closed: number } };
}

export type Op = keyof Commands;
export type CommandOf<O extends Op> = Commands[O]['command'];
export type ResultOf<O extends Op> = Commands[O]['result'];

export interface Request<O extends Op = Op> {
  id: number;
  op: O;
  command: CommandOf<O>;
}

export type Response =
  | { id: number; ok: true; result: ResultOf<Op> }
  | { id: number; ok: false; error: string };
