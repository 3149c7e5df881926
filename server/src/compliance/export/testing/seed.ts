import { Readable } from 'node:stream';
import type { FsBlobStore } from '../../../files/fs-blob-store';
import type { DescribeSystemEvent, Store, UserRecord } from '../../../store/types';

const describe: DescribeSystemEvent = (event) => event.action;

/** A text nobody should find easy to put in a CSV cell or a mail. */
export const AWKWARD_BODY = 'Price: 1,000 "firm",\nsecond line; ünïcödé ✓\r\nthird';
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export interface SeededArchive {
  alice: UserRecord;
  bob: UserRecord;
  carol: UserRecord;
  dave: UserRecord;
  /** Alice, Bob and Carol's group, renamed on 2026-02-01. */
  groupId: string;
  /** Carol and Dave's direct conversation (Alice and Bob are not in it). */
  directId: string;
  /** Sent 2026-01-15 10:00 with `report.txt`, edited 01-15 10:05, deleted 01-16. */
  sentId: string;
  /** Bob's reply to it, 2026-01-15 11:00, with the infected file. */
  replyId: string;
  /** Sent at 2026-03-31T23:59:59.999Z: the last instant of `--to 2026-03-31`. */
  lastInstantId: string;
  /** Sent at 2026-04-01T00:00:00Z: outside `--to 2026-03-31`. */
  aprilId: string;
  report: { name: string; sha256: string; content: string };
  infected: { name: string; sha256: string };
}

async function uploadFile(
  store: Store,
  blobs: FsBlobStore,
  uploader: UserRecord,
  name: string,
  content: string,
) {
  const blob = await blobs.put(Readable.from([Buffer.from(content)]));
  const file = await store.files.create({
    uploaderId: uploader.id,
    name,
    size: blob.size,
    mime: 'text/plain',
    sha256: blob.sha256,
    thumbnail: false,
    createdAt: Date.UTC(2026, 0, 15, 9, 0),
  });
  return { file, blob };
}

/**
 * A small archive through the store's own writes (the store archives them): a group with a
 * message that is sent with an attachment, edited and deleted, a reply with an infected file,
 * messages at both ends of the first quarter of 2026, and a direct conversation of others.
 */
export async function seedArchive(store: Store, blobs: FsBlobStore): Promise<SeededArchive> {
  const person = (email: string, name: string) => store.users.create({ email, name, passwordHash: 'x' });
  const alice = await person('alice@acme.test', 'Alice Archer');
  const bob = await person('bob@acme.test', 'Bob Baker');
  const carol = await person('carol@acme.test', 'Carol Chen');
  const dave = await person('dave@acme.test', 'Dave Diaz');

  const { conversation: group } = await store.conversations.create({
    kind: 'group',
    title: 'Deal room',
    memberIds: [alice.id, bob.id, carol.id],
    createdAt: Date.UTC(2026, 0, 10, 9, 0),
    creatorId: alice.id,
    describe,
  });
  const report = await uploadFile(store, blobs, alice, 'report.txt', 'quarterly numbers\n');
  await store.files.recordScan(report.blob.sha256, { scan: 'clean' }, Date.UTC(2026, 0, 15, 9, 1));
  const infected = await uploadFile(store, blobs, bob, 'eicar.com', EICAR);

  const sent = await store.messages.append({
    conversationId: group.id,
    senderId: alice.id,
    clientId: 'c-1',
    body: AWKWARD_BODY,
    sentAt: Date.UTC(2026, 0, 15, 10, 0),
    attachmentIds: [report.file.id],
  });
  await store.messages.edit({
    messageId: sent.message.id,
    actorId: alice.id,
    body: 'Price: 1,100 (edited)',
    mentions: [],
    at: Date.UTC(2026, 0, 15, 10, 5),
  });
  const reply = await store.messages.append({
    conversationId: group.id,
    senderId: bob.id,
    clientId: 'c-2',
    body: 'Agreed.',
    sentAt: Date.UTC(2026, 0, 15, 11, 0),
    replyToId: sent.message.id,
    attachmentIds: [infected.file.id],
  });
  // Found infected after it was sent: the file store quarantines it.
  await store.files.recordScan(
    infected.blob.sha256,
    { scan: 'infected', signature: 'Eicar-Test-Signature' },
    Date.UTC(2026, 0, 15, 11, 1),
  );
  await blobs.quarantine(infected.blob.sha256);
  await store.messages.delete({
    messageId: sent.message.id,
    actorId: alice.id,
    at: Date.UTC(2026, 0, 16, 8, 0),
  });
  await store.conversations.update({
    conversationId: group.id,
    actorId: alice.id,
    title: 'Deal room (closed)',
    maxMembers: 50,
    at: Date.UTC(2026, 1, 1, 9, 0),
    describe,
  });
  const last = await store.messages.append({
    conversationId: group.id,
    senderId: carol.id,
    clientId: 'c-3',
    body: 'Last word of the quarter',
    sentAt: Date.UTC(2026, 2, 31, 23, 59, 59, 999),
  });
  const april = await store.messages.append({
    conversationId: group.id,
    senderId: carol.id,
    clientId: 'c-4',
    body: 'April already',
    sentAt: Date.UTC(2026, 3, 1),
  });

  const { conversation: direct } = await store.conversations.create({
    kind: 'direct',
    title: null,
    memberIds: [carol.id, dave.id],
    createdAt: Date.UTC(2026, 1, 2, 9, 0),
    creatorId: carol.id,
  });
  await store.messages.append({
    conversationId: direct.id,
    senderId: dave.id,
    clientId: 'd-1',
    body: 'Lunch?',
    sentAt: Date.UTC(2026, 1, 2, 12, 0),
  });

  return {
    alice,
    bob,
    carol,
    dave,
    groupId: group.id,
    directId: direct.id,
    sentId: sent.message.id,
    replyId: reply.message.id,
    lastInstantId: last.message.id,
    aprilId: april.message.id,
    report: { name: 'report.txt', sha256: report.blob.sha256, content: 'quarterly numbers\n' },
    infected: { name: 'eicar.com', sha256: infected.blob.sha256 },
  };
}
