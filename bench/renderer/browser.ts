import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type CDPSession,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import type { BenchWindow } from './probe-api';
import type { HeapSample } from './report';

export const VIEWPORT = { width: 1280, height: 800 } as const;
const PROBE_SCRIPT = fileURLToPath(new URL('./probe.js', import.meta.url));

export interface BenchBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the probe injected before the app's own scripts. */
export async function launchBenchBrowser(): Promise<BenchBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    await context.addInitScript({ path: PROBE_SCRIPT });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return { browser, context, page, cdp, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Server', { exact: true }).fill(url);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await contactRows(page).first().waitFor({ timeout: 60_000 });
}

export function contactRows(page: Page): Locator {
  return page.getByRole('list', { name: 'Contacts' }).getByRole('listitem');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The button of a direct conversation's row in the "Conversations" list. */
export function conversationButton(page: Page, partnerName: string): Locator {
  return page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('listitem', { name: new RegExp(`^${escapeRegExp(partnerName)}(,|$)`) })
    .getByRole('button');
}

/** Waits until no long task happened for `ms` (or `timeoutMs` passed): the app has settled. */
export function waitForQuiet(page: Page, ms = 500, timeoutMs = 15_000): Promise<boolean> {
  return page.evaluate(
    ([quiet, timeout]) => (globalThis as unknown as BenchWindow).__beaconBench.waitForQuiet(quiet, timeout),
    [ms, timeoutMs] as const,
  );
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as BenchWindow).__beaconBench.now());
}

/** JS heap after a forced full garbage collection, and the DOM size. */
export async function sampleHeap(page: Page, cdp: CDPSession): Promise<HeapSample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const usedJsHeapBytes = await page.evaluate(() =>
    (globalThis as unknown as BenchWindow).__beaconBench.usedHeap(),
  );
  return {
    usedJsHeapBytes,
    jsHeapUsedBytes: metric('JSHeapUsedSize'),
    jsHeapTotalBytes: metric('JSHeapTotalSize'),
    domNodes: metric('Nodes'),
  };
}
