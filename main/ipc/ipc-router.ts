import { describeIssues } from '../../common/bridge-schemas';
import {
  type InvokeArgs,
  type InvokeName,
  type InvokeResults,
  invokeChannels,
  type SendArgs,
  type SendName,
  sendChannels,
} from '../../common/ipc';
import { errorMessage, type Logger } from '../logger';

/** What main needs to know about who sent an IPC message. */
export interface IpcSender {
  /** The URL of the frame that sent it (null when the frame is gone). */
  frameUrl: string | null;
  /** Whether it came from a top-level frame, not an iframe. */
  isMainFrame: boolean;
}

/** ipcMain, reduced to what the router uses. */
export interface IpcMainPort {
  handle(channel: string, handler: (sender: IpcSender, args: unknown[]) => Promise<unknown>): void;
  on(channel: string, listener: (sender: IpcSender, args: unknown[]) => void): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
}

export type InvokeHandlers = {
  [N in InvokeName]: (...args: InvokeArgs<N>) => Promise<InvokeResults[N]> | InvokeResults[N];
};
export type SendHandlers = { [N in SendName]: (...args: SendArgs<N>) => void };

/** A refused call: the renderer's promise rejects with this message. */
export class IpcRequestError extends Error {
  override readonly name = 'IpcRequestError';
}

export interface IpcRouterOptions {
  ipc: IpcMainPort;
  invoke: InvokeHandlers;
  send: SendHandlers;
  /** Whether a frame URL belongs to the app (the sender check). */
  isTrustedUrl(url: string): boolean;
  log: Logger;
}

/**
 * Registers every channel of common/ipc.ts. Before any handler runs: the sender must be the
 * app's own top-level page, and the arguments must match the channel's schema.
 */
export function registerIpc({ ipc, invoke, send, isTrustedUrl, log }: IpcRouterOptions): () => void {
  const trusted = (sender: IpcSender) =>
    sender.isMainFrame && sender.frameUrl !== null && isTrustedUrl(sender.frameUrl);

  for (const name of Object.keys(invokeChannels) as InvokeName[]) {
    const { channel, args: schema } = invokeChannels[name];
    ipc.handle(channel, async (sender, args) => {
      if (!trusted(sender)) {
        log.warn('IPC refused: untrusted sender', { channel, url: sender.frameUrl });
        throw new IpcRequestError(`${name}: not allowed from this page`);
      }
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        log.warn('IPC refused: invalid arguments', { channel, problems: describeIssues(parsed.error) });
        throw new IpcRequestError(`${name}: invalid arguments: ${describeIssues(parsed.error)}`);
      }
      const handler = invoke[name] as (...a: unknown[]) => unknown;
      try {
        return await handler(...(parsed.data as unknown[]));
      } catch (error) {
        log.warn('IPC handler failed', { channel, error: errorMessage(error) });
        throw error instanceof Error ? error : new IpcRequestError(String(error));
      }
    });
  }

  for (const name of Object.keys(sendChannels) as SendName[]) {
    const { channel, args: schema } = sendChannels[name];
    ipc.on(channel, (sender, args) => {
      if (!trusted(sender)) {
        log.warn('IPC dropped: untrusted sender', { channel, url: sender.frameUrl });
        return;
      }
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        log.warn('IPC dropped: invalid arguments', { channel, problems: describeIssues(parsed.error) });
        return;
      }
      try {
        (send[name] as (...a: unknown[]) => void)(...(parsed.data as unknown[]));
      } catch (error) {
        log.error('IPC listener failed', { channel, error: errorMessage(error) });
      }
    });
  }

  return () => {
    for (const { channel } of Object.values(invokeChannels)) ipc.removeHandler(channel);
    for (const { channel } of Object.values(sendChannels)) ipc.removeAllListeners(channel);
  };
}
