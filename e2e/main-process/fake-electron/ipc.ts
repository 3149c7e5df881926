import { EventEmitter } from 'node:events';
import { type Core, ipcClone } from './core';
import type { FakeWebContents } from './web-contents';

interface SenderFrame {
  url: string;
  parent: null;
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

/** ipcMain: listeners and one handler per channel, with Electron's errors and clones. */
export class FakeIpcMain extends EventEmitter {
  private readonly handlers = new Map<string, InvokeHandler>();

  constructor(private readonly core: Core) {
    super();
  }

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  get handledChannels(): string[] {
    return [...this.handlers.keys()];
  }

  /** A message from a page (ipcRenderer.send). */
  receive(channel: string, sender: FakeWebContents, senderFrame: SenderFrame, args: unknown[]): void {
    const event = {
      sender,
      senderFrame,
      frameId: 1,
      processId: 1,
      reply: () => undefined,
      returnValue: null,
    };
    this.emit(channel, event, ...args);
  }

  /** A call from a page (ipcRenderer.invoke); errors reach the page the way Electron words them. */
  async invoke(
    channel: string,
    sender: FakeWebContents,
    senderFrame: SenderFrame,
    args: unknown[],
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    const event = { sender, senderFrame, frameId: 1, processId: 1 };
    try {
      const result = await handler(event, ...args);
      return ipcClone(result, `reply to '${channel}'`);
    } catch (error) {
      this.core.record('ipc.invoke-error', { channel });
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }
}
