import type { Logger } from '../../logger';
import type { PresenceService } from '../../presence/service';
import type { ConversationRepository } from '../../store/types';
import { userRoom } from '../rooms';
import type { BeaconIo } from '../types';

/**
 * The read positions of users who appear offline, frozen for everybody else.
 *
 * The first time a hidden user's read position moves in a conversation, the position others
 * saw until then is kept here (in memory only). While the user appears offline, every other
 * member's view (`readSeqs` of `conversation:list` and conversation views) shows that frozen
 * position instead of the stored one, so reading while hidden looks exactly like not reading
 * while offline. The store keeps the real position: the user's own sessions see it, unread
 * counts stay right.
 *
 * When the user stops appearing offline (any presence change after which the chosen status
 * is not `offline`), the frozen positions are forgotten and the other members get `read`
 * events with the real ones. A server restart forgets them too: the real positions show.
 */
export class HiddenReads {
  /** userId → conversationId → the read position others see. */
  private readonly frozen = new Map<string, Map<string, number>>();

  constructor(private readonly appearsOffline: (userId: string) => boolean) {}

  /**
   * Called before a read of `userId` is written, with the position stored until then:
   * kept as the public position the first time, while the user appears offline.
   */
  beforeRead(userId: string, conversationId: string, storedSeq: number): void {
    if (!this.appearsOffline(userId)) return;
    let positions = this.frozen.get(userId);
    if (!positions) {
      positions = new Map();
      this.frozen.set(userId, positions);
    }
    if (!positions.has(conversationId)) positions.set(conversationId, storedSeq);
  }

  /** The read position of `userId` that others see, given the stored one. */
  publicSeq(userId: string, conversationId: string, storedSeq: number): number {
    if (!this.appearsOffline(userId)) return storedSeq;
    const frozen = this.frozen.get(userId)?.get(conversationId);
    return frozen === undefined ? storedSeq : Math.min(frozen, storedSeq);
  }

  /** Every member's read position as `viewerId` may see it: their own real, hidden ones frozen. */
  forViewer(
    viewerId: string,
    conversationId: string,
    readSeqs: Record<string, number>,
  ): Record<string, number> {
    if (this.frozen.size === 0) return readSeqs;
    const result: Record<string, number> = {};
    for (const [memberId, seq] of Object.entries(readSeqs)) {
      result[memberId] = memberId === viewerId ? seq : this.publicSeq(memberId, conversationId, seq);
    }
    return result;
  }

  /**
   * When `userId` no longer appears offline: forgets their frozen positions and returns
   * them (conversationId → the position others saw). Else, or with none: an empty map.
   */
  takeReleased(userId: string): Map<string, number> {
    const positions = this.frozen.get(userId);
    if (!positions || this.appearsOffline(userId)) return new Map();
    this.frozen.delete(userId);
    return positions;
  }

  /** How many users have frozen positions (for tests). */
  get size(): number {
    return this.frozen.size;
  }
}

export interface HiddenReadsCatchUpDeps {
  io: BeaconIo;
  conversations: Pick<ConversationRepository, 'byId' | 'readSeqs'>;
  presence: PresenceService;
  logger: Logger;
}

/**
 * Wires `HiddenReads` to the presence engine: on every presence change of a user who no
 * longer appears offline, the other members of each conversation with a frozen position get
 * a `read` event with the real one, so their "Seen" marks catch up.
 */
export class HiddenReadsService {
  readonly reads: HiddenReads;
  private readonly stop: () => void;

  constructor(private readonly deps: HiddenReadsCatchUpDeps) {
    this.reads = new HiddenReads((userId) => deps.presence.appearsOffline(userId));
    this.stop = deps.presence.onChange(({ userId }) => {
      const released = this.reads.takeReleased(userId);
      if (released.size === 0) return;
      this.catchUp(userId, released).catch((error: unknown) => {
        deps.logger.error({ err: error, userId }, 'hidden reads: catch-up failed');
      });
    });
  }

  dispose(): void {
    this.stop();
  }

  private async catchUp(userId: string, released: Map<string, number>): Promise<void> {
    const { io, conversations } = this.deps;
    for (const [conversationId, shownSeq] of released) {
      const [record, readSeqs] = await Promise.all([
        conversations.byId(conversationId),
        conversations.readSeqs(conversationId),
      ]);
      const stored = readSeqs[userId];
      if (!record || stored === undefined) continue;
      // Hidden again meanwhile: what others may see now is the newly frozen position.
      const seq = this.reads.publicSeq(userId, conversationId, stored);
      if (seq <= shownSeq) continue;
      const others = record.memberIds.filter((id) => id !== userId).map(userRoom);
      if (others.length > 0) io.to(others).emit('read', { conversationId, userId, seq });
    }
  }
}
