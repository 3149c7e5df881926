import { type ErrorCode, ProtocolError } from '@beacon/protocol';
import {
  type MessageRule,
  MessageRuleError,
  NotFoundError,
  NotMemberError,
  type UserRepository,
} from '../../store/types';
import { resolveMentions } from './mentions';

const CODE_OF: Record<MessageRule, ErrorCode> = {
  not_sender: 'forbidden',
  system: 'forbidden',
  deleted: 'invalid',
  reply_elsewhere: 'invalid',
  attachment_refused: 'invalid',
};

/** Runs a message write, answering the store's refusals with the contract's codes. */
export async function withMessageRules<T>(write: () => Promise<T>, notFoundField: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof MessageRuleError) throw new ProtocolError(CODE_OF[error.rule], error.message);
    if (error instanceof NotFoundError)
      throw new ProtocolError('not_found', `${notFoundField}: ${error.message}`);
    if (error instanceof NotMemberError)
      throw new ProtocolError('forbidden', `${notFoundField}: ${error.message}`);
    throw error;
  }
}

/** The members `body` mentions (see mentions.ts); reads the members' e-mails only when there is an `@`. */
export async function mentionsIn(
  body: string,
  memberIds: readonly string[],
  senderId: string,
  users: Pick<UserRepository, 'byIds'>,
): Promise<string[]> {
  if (!body.includes('@')) return [];
  return resolveMentions(body, await users.byIds(memberIds), senderId);
}
