import type { ErrorCode } from '@beacon/protocol';

/** Failure codes of a command: the contract's codes plus the client's own transport failures. */
export type CommandErrorCode = ErrorCode | 'timeout' | 'disconnected';

export class CommandError extends Error {
  readonly code: CommandErrorCode;
  constructor(code: CommandErrorCode, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

/** Failures worth retrying unchanged later; the others need the user to change something. */
export function isTransient(code: CommandErrorCode): boolean {
  return code === 'timeout' || code === 'disconnected' || code === 'rate_limited' || code === 'internal';
}

/** A sentence for the user explaining why something did not work. */
export function describeError(error: unknown): string {
  if (!(error instanceof CommandError)) {
    return error instanceof Error && error.message ? error.message : 'Something went wrong. Try again.';
  }
  switch (error.code) {
    case 'disconnected':
      return 'You are offline. Try again once Beacon has reconnected.';
    case 'timeout':
      return 'The server did not answer in time. Try again.';
    case 'rate_limited':
      return 'Too many requests. Wait a moment and try again.';
    case 'forbidden':
      return error.message || 'You are not allowed to do that.';
    case 'too_large':
      return error.message || 'That is too long.';
    case 'not_found':
      return error.message || 'It no longer exists.';
    case 'unauthorized':
      return 'Your session has ended. Sign in again.';
    case 'internal':
      return 'The server had a problem. Try again.';
    default:
      return error.message || 'The server refused the request.';
  }
}

/** The short reason shown under a message the server refused. */
export function describeSendFailure(code: string, message: string): string {
  switch (code) {
    case 'too_large':
      return 'Not sent: the message is too long.';
    case 'forbidden':
      return 'Not sent: you are not a member of this conversation.';
    case 'not_found':
      return 'Not sent: this conversation no longer exists.';
    case 'policy':
      return `Not sent: ${message || 'blocked by policy'}.`;
    case 'invalid':
      return `Not sent: ${message || 'the server refused it'}.`;
    default:
      return 'Not sent.';
  }
}
