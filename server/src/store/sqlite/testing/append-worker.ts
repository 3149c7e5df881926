/**
 * Test helper run as a separate process (`tsx append-worker.ts <db> <conversationId>
 * <senderId> <count> <label>`): appends `count` messages and prints `acked <seq>` as
 * soon as each append resolves, then `done`. Used to prove cross-process gapless seq
 * and durability after SIGKILL.
 */
import { openSqliteStore } from '../index';

async function main(): Promise<void> {
  const [file, conversationId, senderId, countText, label] = process.argv.slice(2);
  if (!file || !conversationId || !senderId || !countText || !label) {
    throw new Error('usage: append-worker <db> <conversationId> <senderId> <count> <label>');
  }
  const store = openSqliteStore(file);
  const count = Number(countText);
  for (let i = 0; i < count; i++) {
    const { message } = await store.messages.append({
      conversationId,
      senderId,
      clientId: `${label}-${i}`,
      body: `${label} message ${i}`,
      sentAt: Date.now(),
    });
    process.stdout.write(`acked ${message.seq}\n`);
  }
  await store.close();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
