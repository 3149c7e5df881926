import type { ErrorCode } from '@beacon/protocol';
import { i18n } from '../i18n';

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

/**
 * A sentence for the user explaining why something did not work, in the UI language at the
 * moment of the failure. The server words its reasons in English: English shows them, other
 * languages say the code in their own words (each locale says which, `errors.useServerReasons`).
 */
export function describeError(error: unknown): string {
  const t = i18n.t;
  if (!(error instanceof CommandError)) {
    return error instanceof Error && error.message
      ? t('errors.serverSays', { detail: error.message })
      : t('errors.generic');
  }
  const detail = t('errors.useServerReasons') === 'yes' ? error.message : '';
  switch (error.code) {
    case 'disconnected':
      return t('errors.disconnected');
    case 'timeout':
      return t('errors.timeout');
    case 'rate_limited':
      return t('errors.rateLimited');
    case 'forbidden':
      return detail || t('errors.forbidden');
    case 'too_large':
      return detail || t('errors.tooLarge');
    case 'not_found':
      return detail || t('errors.notFound');
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'internal':
      return t('errors.internal');
    default:
      // invalid, policy: the reason names what to change, so every language shows it.
      return error.message ? t('errors.serverSays', { detail: error.message }) : t('errors.refused');
  }
}

/** The short reason shown under a message the server refused. */
export function describeSendFailure(code: string, message: string): string {
  const t = i18n.t;
  switch (code) {
    case 'too_large':
      return t('errors.notSent.tooLarge');
    case 'forbidden':
      return t('errors.notSent.forbidden');
    case 'not_found':
      return t('errors.notSent.notFound');
    case 'policy':
      return message ? t('errors.notSent.policy', { detail: message }) : t('errors.notSent.policyDefault');
    case 'invalid':
      return message ? t('errors.notSent.invalid', { detail: message }) : t('errors.notSent.invalidDefault');
    default:
      return t('errors.notSent.other');
  }
}
