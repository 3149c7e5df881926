import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFile } from '../../server/src/config/data-dir';
import { createBeaconServer } from '../../server/src/index';
import { launchBenchBrowser, signIn, waitForQuiet, conversationButton } from './browser';
import { BENCH_PASSWORD, bringContactsOnline, seedWorld } from './seed';

const dataDir = mkdtempSync(join(tmpdir(), 'rb-debug-'));
const server = await createBeaconServer({ dataDir, host: '127.0.0.1', port: 0, domain: 'bench.example', logLevel: 'warn', presenceGraceMs: 0, webRoot: process.env.WEB ?? undefined });
const world = await seedWorld(server.store, { contacts: 5000, messages: 100000, domain: 'bench.example', databaseFile: databaseFile(dataDir), viaStore: false });
bringContactsOnline(server.presence, world.contactIds, world.partner.id);
const { url } = await server.listen();
const b = await launchBenchBrowser();
const page = b.page;
await signIn(page, url, world.me.email, BENCH_PASSWORD);
for (let i = 0; i < Number(process.env.N ?? 3); i++) {
  await page.reload();
  await conversationButton(page, world.partner.name).waitFor();
  await waitForQuiet(page, 1000);
  if (process.env.TRACE) await b.browser.startTracing(page, { path: `/tmp/rb-open-${i}.trace.json`, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
  await page.evaluate((s) => (globalThis as any).__beaconBench.armOpen(s), world.messageCount);
  const opened = page.evaluate(() => (globalThis as any).__beaconBench.whenOpened());
  const frames: Buffer[] = [];
  if (process.env.SHOTS) {
    b.cdp.on('Page.screencastFrame', async (f: any) => { frames.push(Buffer.from(f.data, 'base64')); await b.cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {}); });
    await b.cdp.send('Page.startScreencast', { format: 'png', everyNthFrame: 1 });
  }
  await conversationButton(page, world.partner.name).click();
  const r = await opened;
  await page.waitForTimeout(300);
  if (process.env.TRACE) await b.browser.stopTracing();
  console.log('open', (r.visibleAt - r.clickAt).toFixed(0));
  if (process.env.SHOTS) { await b.cdp.send('Page.stopScreencast'); const fs = await import('node:fs'); frames.forEach((f, k) => fs.writeFileSync(`/tmp/rb-shot-${i}-${k}.png`, f)); console.log('frames', frames.length); }
}
await b.close(); await server.close();
