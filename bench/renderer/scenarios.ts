import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { PresenceService } from '../../server/src/presence/service';
import { conversationButton, pageNow, waitForQuiet } from './browser';
import { createRandom, randomPresence } from './generate';
import type { BenchWindow, LongTask } from './probe-api';
import type { PhaseLongTasks, RendererBenchResult } from './report';
import { median } from './report';
import type { SeededWorld } from './seed';
import type { SocketTraffic } from './traffic';

/** Called right around a measured phase (tracing, profiling), outside its measured window. */
export interface PhaseHooks {
  begin(): Promise<void>;
  end(): Promise<void>;
}

const OPEN_TIMEOUT_MS = 60_000;

/** Arms the page's watcher, clicks the row, and returns click → `seq` painted in the transcript. */
async function timeOpen(
  page: Page,
  partnerName: string,
  seq: number,
): Promise<{ ms: number; tasks: LongTask[] }> {
  await page.evaluate((s) => (globalThis as unknown as BenchWindow).__beaconBench.armOpen(s), seq);
  const opened = page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.whenOpened());
  // Settled either way, so a failed click never leaves an unhandled rejection behind.
  const outcome = opened.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await conversationButton(page, partnerName).click();
  const timeout = new AbortController();
  const expiry = sleep(OPEN_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(
    () => ({ error: new Error(`timed out after ${OPEN_TIMEOUT_MS} ms`) }),
    () => ({ error: new Error('aborted') }),
  );
  const result = await Promise.race([outcome, expiry]);
  timeout.abort();
  if (!('value' in result)) {
    const shown = await visibleSeqs(page).catch(() => []);
    throw new Error(
      `opening the conversation with ${partnerName}: message #${seq} never appeared ` +
        `(on screen: ${shown.length > 0 ? `#${Math.min(...shown)}–#${Math.max(...shown)}` : 'no messages'})`,
      { cause: result.error },
    );
  }
  const { clickAt, visibleAt } = result.value;
  const tasks = await page.evaluate(
    ([from, to]) => (globalThis as unknown as BenchWindow).__beaconBench.longTasksBetween(from, to),
    [clickAt, visibleAt] as const,
  );
  return { ms: visibleAt - clickAt, tasks };
}

/**
 * Cold opens: reload the page (the saved session signs in again), let it settle, click the big
 * conversation and time until its newest message is painted. After each, a warm open: switch to the
 * small conversation and back (history already loaded).
 */
export async function measureOpens(
  page: Page,
  world: SeededWorld,
  count: number,
): Promise<RendererBenchResult['open']> {
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  const longTasks: LongTask[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > 0) await page.reload();
    await conversationButton(page, world.partner.name).waitFor({ timeout: 60_000 });
    await conversationButton(page, world.other.name).waitFor({ timeout: 60_000 });
    await waitForQuiet(page, 1_000);
    const cold = await timeOpen(page, world.partner.name, world.messageCount);
    coldMs.push(cold.ms);
    longTasks.push(...cold.tasks);
    await waitForQuiet(page);
    await timeOpen(page, world.other.name, world.smallMessageCount);
    await waitForQuiet(page);
    const warm = await timeOpen(page, world.partner.name, world.messageCount);
    warmMs.push(warm.ms);
    longTasks.push(...warm.tasks);
    await waitForQuiet(page);
  }
  return { coldMs, coldMedianMs: median(coldMs), warmMs, warmMedianMs: median(warmMs), longTasks };
}

function visibleSeqs(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.visibleSeqs());
}

async function collectPhase(page: Page, start: number): Promise<PhaseLongTasks> {
  const end = await pageNow(page);
  const frames = await page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.stopFrames());
  const longTasks = await page.evaluate(
    ([from, to]) => (globalThis as unknown as BenchWindow).__beaconBench.longTasksBetween(from, to),
    [start, end] as const,
  );
  return { durationMs: end - start, longTasks, frames };
}

/**
 * With the big conversation open at its newest message, scrolls the transcript up with the mouse
 * wheel (as fast as a person flicking) until the message `messages` back is on screen; the client
 * loads the older history page by page on the way.
 */
export async function measureScroll(
  page: Page,
  world: SeededWorld,
  messages: number,
  traffic: SocketTraffic,
  hooks: PhaseHooks,
): Promise<Omit<RendererBenchResult['scroll'], 'trace'>> {
  const log = page.getByRole('log');
  const box = await log.boundingBox();
  if (!box) throw new Error('the transcript is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const fromSeq = Math.max(...(await visibleSeqs(page)));
  const targetSeq = Math.max(1, world.messageCount - messages);
  const historyBefore = traffic.historyRequests;
  await waitForQuiet(page);
  await hooks.begin();
  const start = await pageNow(page);
  await page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.startFrames());
  const deadline = Date.now() + 180_000;
  let toSeq = fromSeq;
  for (let step = 0; toSeq > targetSeq; step += 1) {
    if (Date.now() > deadline) throw new Error(`scrolling stalled at seq ${toSeq} (wanted ${targetSeq})`);
    await page.mouse.wheel(0, -400);
    await sleep(40);
    if (step % 5 === 4) toSeq = Math.min(toSeq, ...(await visibleSeqs(page)));
  }
  const phase = await collectPhase(page, start);
  await hooks.end();
  return { ...phase, pagesLoaded: traffic.historyRequests - historyBefore, fromSeq, toSeq };
}

/**
 * `rate` presence changes per second for `seconds`, applied through the server's presence engine to
 * the contacts' sessions (status, note, idle time), spread over the people the client is subscribed
 * to (the ones it shows: ≤ 1000 of the contacts), so every change is delivered to the renderer.
 */
export async function measureStorm(
  page: Page,
  presence: Pick<PresenceService, 'set'>,
  sessions: ReadonlyMap<string, string>,
  traffic: SocketTraffic,
  options: { seconds: number; rate: number },
  hooks: PhaseHooks,
): Promise<Omit<RendererBenchResult['storm'], 'trace'>> {
  const random = createRandom(42);
  const fallback = [...sessions.keys()];
  const targets = () => (traffic.subscribed.length > 0 ? traffic.subscribed : fallback);
  const subscribedPeople = targets().length;
  await waitForQuiet(page);
  const receivedBefore = traffic.presenceEventsReceived;
  await hooks.begin();
  const start = await pageNow(page);
  await page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.startFrames());
  const total = Math.round(options.rate * options.seconds);
  const began = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - began) / 1000) * options.rate) + 1);
    for (; sent < due; sent += 1) {
      const list = targets();
      const userId = list[Math.floor(random() * list.length)];
      const sessionId = userId ? sessions.get(userId) : undefined;
      if (userId && sessionId) void presence.set(userId, sessionId, randomPresence(random, Date.now()));
    }
    await sleep(5);
  }
  // The client applies presence in batches (≤ 100 ms apart): include the last batch's render.
  await sleep(500);
  const phase = await collectPhase(page, start);
  await hooks.end();
  return {
    ...phase,
    seconds: options.seconds,
    ratePerSecond: options.rate,
    updatesSent: sent,
    eventsReceived: traffic.presenceEventsReceived - receivedBefore,
    subscribedPeople,
  };
}
