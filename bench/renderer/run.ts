/**
 * `npm run bench:renderer`: the renderer's performance benchmark (issue 3, "Performance").
 * An in-process Beacon server with a generated organisation, the web build in Debian's Chromium,
 * and the figures: conversation open time, long tasks while scrolling and during a presence storm,
 * and the JS heap. Prints a table against the targets and writes bench/results/renderer-<time>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFile } from '../../server/src/config/data-dir';
import { type BeaconServer, createBeaconServer } from '../../server/src/index';
import { type BenchBrowser, launchBenchBrowser, sampleHeap, signIn, VIEWPORT, waitForQuiet } from './browser';
import { parseBenchArgs, USAGE, UsageError } from './options';
import { PhaseObserver } from './phase-observer';
import type { BenchWindow } from './probe-api';
import { evaluateTargets, formatReport, type RendererBenchResult } from './report';
import { measureOpens, measureScroll, measureStorm } from './scenarios';
import { BENCH_PASSWORD, bringContactsOnline, seedWorld } from './seed';
import { SocketTraffic } from './traffic';
import { ensureWebBuild, type WebBuild } from './web-build';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS_DIR = join(REPO_ROOT, 'bench/results');
const DOMAIN = 'bench.example';

function log(line: string): void {
  process.stderr.write(`[bench:renderer] ${line}\n`);
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { size } = options;
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const loadAverageBefore = loadavg();
  mkdirSync(RESULTS_DIR, { recursive: true });

  let web: WebBuild | null = null;
  let server: BeaconServer | null = null;
  let browser: BenchBrowser | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-bench-renderer-'));
  try {
    web = await ensureWebBuild(REPO_ROOT, {
      rebuild: options.rebuild,
      unminified: options.profile,
      webRoot: options.webRoot,
    });
    log(`web client: ${web.origin} (${web.webRoot})`);

    server = await createBeaconServer({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      domain: DOMAIN,
      webRoot: web.webRoot,
      logLevel: 'warn',
      presenceGraceMs: 0,
    });
    log(
      `seeding ${size.contacts.toLocaleString('en')} contacts and ${size.messages.toLocaleString('en')} messages…`,
    );
    const world = await seedWorld(server.store, {
      contacts: size.contacts,
      messages: size.messages,
      domain: DOMAIN,
      databaseFile: databaseFile(dataDir),
      viaStore: options.seedViaStore,
      onProgress: (line) => log(`  ${line}`),
    });
    const sessions = bringContactsOnline(server.presence, world.contactIds, world.partner.id);
    const { url } = await server.listen();
    log(`server on ${url}`);

    browser = await launchBenchBrowser();
    const { page, cdp } = browser;
    const traffic = new SocketTraffic();
    traffic.attach(page);
    await signIn(page, url, world.me.email, BENCH_PASSWORD);
    await waitForQuiet(page, 1_000);
    const afterSignIn = await sampleHeap(page, cdp);
    log('signed in through the form');

    log(`opening the big conversation ${size.opens}× (cold) and switching back ${size.opens}× (warm)…`);
    const open = await measureOpens(page, world, size.opens);

    const observer = new PhaseObserver(browser.browser, page, cdp, {
      traceFile: options.trace ? (phase) => join(RESULTS_DIR, `renderer-${stamp}-${phase}.trace.json`) : null,
      profileFile: options.profile
        ? (phase) => join(RESULTS_DIR, `renderer-${stamp}-${phase}.cpuprofile`)
        : null,
      print: printLines,
    });

    log(`scrolling up ${size.scrollMessages.toLocaleString('en')} messages…`);
    const scroll = {
      ...(await measureScroll(page, world, size.scrollMessages, traffic, observer.hooks('scroll'))),
      trace: observer.traceOf('scroll'),
    };
    await waitForQuiet(page);
    const afterScroll = await sampleHeap(page, cdp);

    log(`presence storm: ${size.stormRate}/s for ${size.stormSeconds} s…`);
    const storm = {
      ...(await measureStorm(
        page,
        server.presence,
        sessions,
        traffic,
        { seconds: size.stormSeconds, rate: size.stormRate },
        observer.hooks('storm'),
      )),
      trace: observer.traceOf('storm'),
    };
    await waitForQuiet(page);
    const afterStorm = await sampleHeap(page, cdp);

    const partial: Omit<RendererBenchResult, 'targets'> = {
      benchmark: 'renderer',
      mode: options.mode,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        chromium: browser.browser.version(),
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        loadAverageBefore,
        loadAverageAfter: loadavg(),
        webBuild: web.origin,
        viewport: { ...VIEWPORT },
        longTaskSupport: await page.evaluate(() =>
          (globalThis as unknown as BenchWindow).__beaconBench.longTaskSupport(),
        ),
      },
      world: {
        contacts: size.contacts,
        messages: size.messages,
        seeding: {
          ...world.timings,
          messagesVia: options.seedViaStore ? 'Store.messages.append' : 'bulk SQL transaction',
        },
      },
      open,
      scroll,
      storm,
      memory: { afterSignIn, afterScroll, afterStorm },
    };
    const result: RendererBenchResult = { ...partial, targets: evaluateTargets(partial) };
    const file = join(RESULTS_DIR, `renderer-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\n${formatReport(result)}\n\nResults: ${file}\n`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    web?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printLines(title: string, lines: readonly string[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const line of lines.length > 0 ? lines : ['(none)']) process.stdout.write(`  ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:renderer] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
