import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/src/auth/passwords';
import { SessionService } from '../../server/src/auth/sessions';
import { databaseFile, settleOrgDomain } from '../../server/src/config/data-dir';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { BENCH_DOMAIN, BENCH_PASSWORD } from '../targets/fixture';
import { messageBodies, seededRandom, vocabulary } from './corpus';

export interface SearchCorpusSizes {
  users: number;
  conversations: number;
  messages: number;
  vocabulary: number;
  /** Users who search (each has a session), chosen among the ordinary members. */
  searchers: number;
  /** One more searcher is a member of this many conversations (more than the store names in a MATCH). */
  heavyConversations: number;
  /** Appends per group commit while filling. */
  batch: number;
}

export interface Searcher {
  id: string;
  token: string;
  conversationIds: string[];
}

export interface SearchFixture {
  searchers: Searcher[];
  heavy: Searcher;
  words: string[];
}

/**
 * Fills a fresh data dir through the store: users (one shared password hash), group
 * conversations of 2 … 15 random members, then the messages, each in a random conversation
 * from a random member, appended in large group commits (one transaction each). The FTS
 * index is filled by the store's own triggers, as in production.
 */
export async function prepareSearchData(
  dataDir: string,
  sizes: SearchCorpusSizes,
  log: (line: string) => void,
): Promise<SearchFixture> {
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    await settleOrgDomain(store, { domain: BENCH_DOMAIN });
    const random = seededRandom(42);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const userIds: string[] = [];
    for (let i = 0; i < sizes.users; i++) {
      const user = await store.users.create({
        email: `user${i}@${BENCH_DOMAIN}`,
        name: `Bench User ${i}`,
        passwordHash,
      });
      userIds.push(user.id);
    }
    const heavyId = userIds[0] ?? '';
    const members: string[][] = [];
    const conversationIds: string[] = [];
    for (let c = 0; c < sizes.conversations; c++) {
      const chosen = new Set<string>();
      const count = 2 + Math.floor(random() * 14);
      while (chosen.size < count)
        chosen.add(userIds[1 + Math.floor(random() * (userIds.length - 1))] ?? heavyId);
      if (c < sizes.heavyConversations) chosen.add(heavyId);
      const memberIds = [...chosen];
      const { conversation } = await store.conversations.create({
        kind: 'group',
        title: `Conversation ${c}`,
        memberIds,
        createdAt: Date.now(),
      });
      conversationIds.push(conversation.id);
      members.push(memberIds);
    }

    const nextBody = messageBodies(vocabulary(sizes.vocabulary), 1);
    const startedAt = performance.now();
    const firstSentAt = Date.now() - 365 * 24 * 3600 * 1000;
    const step = (365 * 24 * 3600 * 1000) / sizes.messages;
    for (let done = 0; done < sizes.messages; ) {
      const appends: Promise<unknown>[] = [];
      for (let i = 0; i < sizes.batch && done < sizes.messages; i++, done++) {
        const c = Math.floor(random() * conversationIds.length);
        const group = members[c] ?? [];
        appends.push(
          store.messages.append({
            conversationId: conversationIds[c] ?? '',
            senderId: group[Math.floor(random() * group.length)] ?? heavyId,
            clientId: randomUUID(),
            body: nextBody(),
            sentAt: Math.round(firstSentAt + done * step),
          }),
        );
      }
      await Promise.all(appends);
      if (done % (sizes.batch * 20) === 0 || done === sizes.messages) {
        const seconds = (performance.now() - startedAt) / 1000;
        log(`${done.toLocaleString('en')} messages (${Math.round(done / seconds).toLocaleString('en')}/s)`);
      }
    }

    const sessions = new SessionService(store);
    const searcherOf = async (id: string): Promise<Searcher> => ({
      id,
      token: (await sessions.issue(id)).token,
      conversationIds: conversationIds.filter((_, c) => members[c]?.includes(id)),
    });
    const searchers: Searcher[] = [];
    for (const id of userIds.slice(1)) {
      if (searchers.length >= sizes.searchers) break;
      const searcher = await searcherOf(id);
      if (searcher.conversationIds.length > 0) searchers.push(searcher);
    }
    return { searchers, heavy: await searcherOf(heavyId), words: vocabulary(sizes.vocabulary) };
  } finally {
    await store.close();
  }
}
