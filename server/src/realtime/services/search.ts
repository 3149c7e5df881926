import { type MessageSearchPayload, ProtocolError, SEARCH_LIMITS, type SearchHit } from '@beacon/protocol';
import { InvalidSearchQueryError, type Store } from '../../store/types';

/**
 * `message:search` (docs/protocol-notes.md, "Search"): what the searcher may read only, which
 * the store decides by their member periods; this service checks the request and maps errors.
 */
export class SearchService {
  constructor(private readonly store: Store) {}

  async search(userId: string, payload: MessageSearchPayload): Promise<{ hits: SearchHit[]; more: boolean }> {
    const { conversationId } = payload;
    if (conversationId !== undefined) await this.requireReadable(conversationId, userId);
    else if (payload.beforeSeq !== undefined) {
      throw new ProtocolError(
        'invalid',
        'beforeSeq: pages a search in one conversation: give conversationId too',
      );
    }
    const limit = Math.min(payload.limit ?? SEARCH_LIMITS.defaultLimit, SEARCH_LIMITS.maxLimit);
    try {
      return await this.store.search.search(userId, {
        query: payload.query,
        conversationId,
        limit,
        beforeSeq: payload.beforeSeq,
        beforeMessageId: payload.beforeMessageId,
        order: payload.order,
      });
    } catch (error) {
      if (error instanceof InvalidSearchQueryError) {
        throw new ProtocolError('invalid', `${error.field}: ${error.message}`);
      }
      throw error;
    }
  }

  /** A conversation the user reads or once read: else `not_found` (no such id) or `forbidden`. */
  private async requireReadable(conversationId: string, userId: string): Promise<void> {
    const periods = await this.store.conversations.periods(conversationId, userId);
    if (periods.length > 0) return;
    const conversation = await this.store.conversations.byId(conversationId);
    if (!conversation)
      throw new ProtocolError('not_found', `conversationId: no conversation ${conversationId}`);
    throw new ProtocolError('forbidden', 'conversationId: you are not a member of this conversation');
  }
}
