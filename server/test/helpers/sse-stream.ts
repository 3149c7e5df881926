import { type Presence, presenceSchema } from '@beacon/protocol';

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** A text/event-stream reader over fetch: the messages (comments kept as `event: comment`). */
export class SseStream {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private waiters: Array<() => void> = [];
  readonly done: Promise<void>;

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    const body = response.body;
    if (!body) throw new Error('no body');
    const decoder = new TextDecoder();
    this.done = (async () => {
      try {
        for await (const chunk of body) {
          this.buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          this.parse();
        }
      } catch {
        // aborted
      }
    })();
  }

  private parse(): void {
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = { id: null, event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.event = 'comment';
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) message.data += line.slice(6);
      }
      this.messages.push(message);
      end = this.buffer.indexOf('\n\n');
    }
    for (const wake of this.waiters) wake();
    this.waiters = [];
  }

  /** The next message (skipping heartbeat comments unless asked for), within `timeoutMs`. */
  async next(options: { comments?: boolean; timeoutMs?: number } = {}): Promise<SseMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? 3_000);
    for (;;) {
      const index = this.messages.findIndex((message) => options.comments || message.event !== 'comment');
      if (index >= 0) {
        const [message] = this.messages.splice(0, index + 1).slice(-1);
        if (message) return message;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no SSE message in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async nextPresence(): Promise<{ id: string; email: string; presence: Presence }> {
    const message = await this.next();
    if (message.event !== 'presence') throw new Error(`expected a presence event, got ${message.event}`);
    const data = JSON.parse(message.data) as { email: string; presence: unknown };
    return { id: message.id ?? '', email: data.email, presence: presenceSchema.parse(data.presence) };
  }

  close(): void {
    this.abort.abort();
  }
}
