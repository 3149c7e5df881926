import type { ArchiveRepository } from '../../store/ports/compliance';
import type { ArchivedPerson, ArchiveEntry } from '../entries';

/** What a reader calls a conversation: its title, or for a direct one the two people. */
export interface ConversationName {
  /** As the archive records it ('' for direct conversations and untitled groups). */
  title: string;
  /** Never empty: the title, else the names of a direct conversation's people, else a description. */
  display: string;
}

const TITLE_KINDS = ['conversation.created', 'conversation.renamed'] as const;

function personName(person: ArchivedPerson): string {
  return person.name || person.email || person.id;
}

function isPeople(value: unknown): value is ArchivedPerson[] {
  return (
    Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'id' in item)
  );
}

/** The name a `conversation.created` or `conversation.renamed` entry gives its conversation. */
export function nameFrom(entry: ArchiveEntry): ConversationName {
  const title = typeof entry.payload.title === 'string' ? entry.payload.title : '';
  if (title !== '') return { title, display: title };
  const members = entry.payload.members;
  if (
    entry.kind === 'conversation.created' &&
    entry.payload.conversationKind === 'direct' &&
    isPeople(members)
  ) {
    return { title, display: members.map(personName).join(' and ') || 'Direct conversation' };
  }
  return { title, display: 'Untitled group' };
}

/**
 * Follows each chain's name while the export walks it: from the newest `created`/`renamed`
 * entry before the first one exported (the range may start after them), then from each one
 * it passes. Holds only the current chain's name.
 */
export class ConversationNames {
  private chain: string | null = null;
  private current: ConversationName = { title: '', display: '' };

  constructor(private readonly archive: Pick<ArchiveRepository, 'latestOfKinds'>) {}

  /** The conversation's name as of `entry` (call in chain order). */
  async at(entry: ArchiveEntry): Promise<ConversationName> {
    if (entry.chain !== this.chain) {
      this.chain = entry.chain;
      const earlier = await this.archive.latestOfKinds(entry.chain, TITLE_KINDS, entry.chainSeq);
      this.current = earlier ? nameFrom(earlier) : { title: '', display: `Conversation ${entry.chain}` };
    }
    if ((TITLE_KINDS as readonly string[]).includes(entry.kind)) this.current = nameFrom(entry);
    return this.current;
  }
}
