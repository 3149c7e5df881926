import type { Page } from 'playwright-core';

/**
 * Watches the page's socket.io traffic (WebSocket frames and long-polling bodies) to learn which
 * people the client subscribed to and how many presence events reached it. Read-only: it never
 * alters a frame.
 */
export class SocketTraffic {
  /** The `userIds` of the client's latest `presence:subscribe`. */
  subscribed: string[] = [];
  presenceEventsReceived = 0;
  historyRequests = 0;

  attach(page: Page): void {
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => this.onSent(payload));
      socket.on('framereceived', ({ payload }) => this.onReceived(payload));
    });
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/socket.io/')) {
        this.onSent(request.postData() ?? '');
      }
    });
  }

  private onSent(payload: string | Buffer): void {
    for (const [event, data] of socketIoEvents(payload)) {
      if (event === 'presence:subscribe') {
        const ids = (data as { userIds?: unknown } | undefined)?.userIds;
        if (Array.isArray(ids)) this.subscribed = ids.filter((id): id is string => typeof id === 'string');
      } else if (event === 'message:history') {
        this.historyRequests += 1;
      }
    }
  }

  private onReceived(payload: string | Buffer): void {
    for (const [event] of socketIoEvents(payload)) if (event === 'presence') this.presenceEventsReceived += 1;
  }
}

/** Engine.IO packets (a polling body joins several with \x1e) → socket.io EVENT packets `[name, data]`. */
export function socketIoEvents(payload: string | Buffer): Array<[string, unknown]> {
  if (typeof payload !== 'string') return [];
  const events: Array<[string, unknown]> = [];
  for (const packet of payload.split('\x1e')) {
    // "4" = Engine.IO message, "2" = socket.io EVENT, then an optional ack id, then the JSON array.
    const match = /^42\d*(\[.*)$/s.exec(packet);
    if (!match?.[1]) continue;
    try {
      const parsed: unknown = JSON.parse(match[1]);
      if (Array.isArray(parsed) && typeof parsed[0] === 'string') events.push([parsed[0], parsed[1]]);
    } catch {
      // Not JSON: not an event this benchmark cares about.
    }
  }
  return events;
}
