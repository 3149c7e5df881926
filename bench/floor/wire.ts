/**
 * The floor's wire format: plain JSON text frames over one WebSocket, the least a
 * messenger can send. It mirrors the Beacon events the benchmark uses, so both sides
 * run the same scenarios.
 */
export interface FloorPresence {
  userId: string;
  status: string;
  message: string | null;
}

export interface FloorMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  clientId: string;
  body: string;
  sentAt: number;
}

export type FloorRequest =
  | { type: 'send'; ref: number; conversationId: string; clientId: string; body: string }
  /** The floor keeps no messages: the client names the conversation of the one it edits. */
  | { type: 'edit'; ref: number; conversationId: string; messageId: string; body: string }
  | { type: 'subscribe'; ref: number; userIds: string[] }
  | { type: 'presence:set'; ref: number; status: string; message: string | null };

export type FloorEvent =
  | { type: 'ready'; userId: string; presence: FloorPresence }
  | { type: 'ack'; ref: number; ok: true; message?: FloorMessage; presences?: FloorPresence[] }
  | { type: 'ack'; ref: number; ok: false; error: string }
  | { type: 'message'; message: FloorMessage }
  | { type: 'updated'; message: Pick<FloorMessage, 'id' | 'conversationId' | 'senderId' | 'body'> }
  | { type: 'presence'; presence: FloorPresence };

/** What the floor relay is told at start: who exists, with which token, in which conversations. */
export interface FloorFixture {
  password: string;
  users: Array<{ id: string; email: string; token: string }>;
  conversations: Array<{ id: string; memberIds: string[] }>;
}
