import { randomUUID } from 'node:crypto';
import { sleep } from '../lib/clock';
import type { BenchClient } from './clients';
import type { CommandOf, Pair, ResultOf } from './ipc';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What one paced phase (the sends, then the edits) measured. */
export interface PhaseResult {
  sent: number;
  acked: number;
  delivered: number;
  failed: number;
  rateLimited: number;
  firstError: string | null;
  ackMs: number[];
  deliveryMs: number[];
  seconds: number;
}

/** One request of a phase: resolves when acknowledged, with the `rate_limited` retries. */
type Step = (index: number) => { key: string; run: () => Promise<{ rateLimited: number }> } | null;

/**
 * Runs `step` at `ratePerSecond` in total (open loop) for warm-up + duration; measures each
 * acknowledgement, and each delivery the receivers report through `deliveries` (by the key
 * the step named), for the steps after the warm-up.
 */
async function paced(
  { ratePerSecond, warmupMs, durationMs }: CommandOf<'messages'>,
  deliveries: { watch: Map<string, number> | null; ms: number[] },
  step: Step,
): Promise<PhaseResult> {
  const sendTimes = new Map<string, number>();
  deliveries.watch = sendTimes;
  deliveries.ms = [];
  const ackMs: number[] = [];
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let rateLimited = 0;
  let firstError: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const total = warmupMs + durationMs;
  let measuredFrom = Number.POSITIVE_INFINITY;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= total) break;
    const due = Math.floor((ratePerSecond * elapsed) / 1000) - sent;
    for (let i = 0; i < due; i++) {
      const next = step(sent);
      sent++;
      if (!next) continue;
      const measured = elapsed >= warmupMs;
      if (measured && measuredFrom === Number.POSITIVE_INFINITY) measuredFrom = performance.now();
      const sentAt = performance.now();
      if (measured) sendTimes.set(next.key, sentAt);
      const sending = next
        .run()
        .then(
          (outcome) => {
            acked++;
            rateLimited += outcome.rateLimited;
            if (measured) ackMs.push(performance.now() - sentAt);
          },
          (error: unknown) => {
            failed++;
            firstError ??= errorText(error);
          },
        )
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await sleep(2);
  }
  const measuredSeconds = (performance.now() - measuredFrom) / 1000;
  await Promise.race([Promise.all(inFlight), sleep(30_000)]);
  // Deliveries trail the acks a little.
  for (let waited = 0; sendTimes.size > 0 && waited < 10_000; waited += 50) await sleep(50);
  deliveries.watch = null;
  return {
    sent,
    acked,
    delivered: deliveries.ms.length,
    failed,
    rateLimited,
    firstError,
    ackMs,
    deliveryMs: [...deliveries.ms],
    seconds: measuredSeconds,
  };
}

const sends = { watch: null as Map<string, number> | null, ms: [] as number[] };
const edits = { watch: null as Map<string, number> | null, ms: [] as number[] };
const listening = new WeakSet<BenchClient>();

function noteDelivery(deliveries: typeof sends, key: string): void {
  const sentAt = deliveries.watch?.get(key);
  if (sentAt === undefined) return;
  deliveries.watch?.delete(key);
  deliveries.ms.push(performance.now() - sentAt);
}

function listen(receiver: BenchClient): void {
  if (listening.has(receiver)) return;
  listening.add(receiver);
  receiver.onMessage((message) => {
    if (message.senderId !== receiver.userId) noteDelivery(sends, message.clientId);
  });
  receiver.onMessageUpdated((update) => {
    if (update.senderId !== receiver.userId) noteDelivery(edits, `${update.messageId}\n${update.body}`);
  });
}

/**
 * The messages scenario in one generator: the senders send at the rate; then, with `edit`,
 * they edit those messages (each once, oldest first) at the same rate for as long, measured
 * the same way: acknowledgement, and the receiver's `message:updated`.
 */
export async function runMessages(
  command: CommandOf<'messages'>,
  client: (userId: string) => BenchClient,
): Promise<ResultOf<'messages'>> {
  const { pairs, bodyChars } = command;
  const body = 'x'.repeat(bodyChars);
  for (const pair of pairs) listen(client(pair.receiverId));
  const stored: Array<{ pair: Pair; messageId: string }> = [];
  const sendPhase = await paced(command, sends, (index) => {
    const pair = pairs[index % pairs.length];
    if (!pair) return null;
    const clientId = randomUUID();
    return {
      key: clientId,
      run: async () => {
        const { rateLimited, messageId } = await client(pair.senderId).send(
          pair.conversationId,
          clientId,
          body,
        );
        stored.push({ pair, messageId });
        return { rateLimited };
      },
    };
  });
  if (!command.edit) return sendPhase;
  const editPhase = await paced(command, edits, (index) => {
    const target = stored[index % Math.max(1, stored.length)];
    if (!target) return null;
    const edited = `${body.slice(0, -String(index).length - 1)}~${index}`;
    return {
      key: `${target.messageId}\n${edited}`,
      run: () => client(target.pair.senderId).edit(target.pair.conversationId, target.messageId, edited),
    };
  });
  return { ...sendPhase, edits: editPhase };
}
