import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarBridge } from '../src/bridges/calendar/bridge';
import { parseFeedsConfig } from '../src/bridges/calendar/feeds-config';
import { ClaimsClient } from '../src/bridges/shared/claims-client';
import { IntegrationService } from '../src/integrations/service';
import { createLogger } from '../src/logger';
import { EventLog, request } from './helpers/client';
import { presenceSeenByOthers } from './helpers/http-client';
import { startTestServer, type TestServer } from './helpers/test-server';

// The calendar bridge against a real Beacon server (in process) and ICS feeds this test writes,
// served by a local HTTP server on 127.0.0.1 — the bridge holds only an integration token.

let beacon: TestServer;
let reader: string;
let calendarToken: string;
let feeds: Server;
let feedsUrl: string;
/** path → ICS text (or a status to answer with), changed by the tests while the bridge runs. */
const served = new Map<string, string | number>();
const logLines: Array<Record<string, unknown>> = [];
const logger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line));
      done();
    },
  }),
});

beforeAll(async () => {
  beacon = await startTestServer();
  const integrations = new IntegrationService(beacon.server.store);
  calendarToken = (await integrations.add('calendar', ['presence:write'])).token;
  reader = (await integrations.add('reader', ['presence:read'])).token;
  // Claims show only over a user who is online (never over offline): these users are signed in.
  for (const name of ['alice', 'bob', 'carol', 'dave', 'frank', 'grace'])
    await beacon.connect(`${name}@acme.test`);
  feeds = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body === undefined || typeof body === 'number') {
      res.writeHead(typeof body === 'number' ? body : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(body);
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  feedsUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => feeds?.close(resolve));
  await beacon?.close();
});

/** ICS "20261201T101500Z" (UTC) for a moment, at whole seconds as calendars store it. */
function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
/** The wall-clock time of a moment in a time zone, as a TZID-qualified ICS value. */
function local(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `TZID=${timeZone}:${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}
function ics(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Beacon bridge tests//EN'];
  events.forEach((properties, index) => {
    lines.push(
      'BEGIN:VEVENT',
      `UID:test-${index}@beacon`,
      `DTSTAMP:${utc(Date.now())}`,
      ...properties,
      'END:VEVENT',
    );
  });
  return [...lines, 'END:VCALENDAR', ''].join('\r\n');
}
/** Whole seconds: ICS has no milliseconds. */
const second = (ms: number) => Math.ceil(ms / 1000) * 1000;
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

function othersSee(email: string): Promise<Presence> {
  return presenceSeenByOthers(beacon.url, reader, email);
}

function bridgeFor(mapping: unknown, pollIntervalMs = 60_000): CalendarBridge {
  return new CalendarBridge({
    feeds: parseFeedsConfig(mapping, '/'),
    claims: new ClaimsClient({ server: beacon.url, token: calendarToken }),
    logger,
    pollIntervalMs,
  });
}

describe('calendar bridge', () => {
  it('turns a current event, a weekly recurring one, one in another time zone and an OOF event into claims', async () => {
    const now = Date.now();
    const end = second(now + 10 * MINUTE);
    served.set(
      '/alice.ics',
      ics([`DTSTART:${utc(now - 5 * MINUTE)}`, `DTEND:${utc(end)}`, 'SUMMARY:Budget review']),
    );
    // Started four weeks ago at this time of day; this week's occurrence is the current one.
    served.set(
      '/bob.ics',
      ics([
        `DTSTART:${utc(now - 4 * WEEK - 5 * MINUTE)}`,
        `DTEND:${utc(end - 4 * WEEK)}`,
        'RRULE:FREQ=WEEKLY',
        'SUMMARY:Weekly sync',
      ]),
    );
    served.set(
      '/carol.ics',
      ics([
        `DTSTART;${local(now - 5 * MINUTE, 'America/New_York')}`,
        `DTEND;${local(end, 'America/New_York')}`,
        'SUMMARY:Call with New York',
      ]),
    );
    served.set(
      '/dave.ics',
      ics([
        `DTSTART:${utc(now - 60 * MINUTE)}`,
        `DTEND:${utc(end)}`,
        'SUMMARY:Vacation',
        'X-MICROSOFT-CDO-BUSYSTATUS:OOF',
      ]),
    );
    // Free time and a cancelled meeting count for nothing.
    served.set(
      '/frank.ics',
      ics(
        [`DTSTART:${utc(now - MINUTE)}`, `DTEND:${utc(end)}`, 'TRANSP:TRANSPARENT', 'SUMMARY:Focus (free)'],
        [`DTSTART:${utc(now - MINUTE)}`, `DTEND:${utc(end)}`, 'STATUS:CANCELLED'],
      ),
    );
    const bridge = bridgeFor(
      ['alice', 'bob', 'carol', 'dave', 'frank'].map((name) => ({
        email: `${name}@acme.test`,
        url: `${feedsUrl}/${name}.ics`,
      })),
    );
    await bridge.poll();
    try {
      const meeting = { status: 'busy', source: 'integration', activity: 'In a meeting', until: end };
      expect(await othersSee('alice@acme.test')).toMatchObject(meeting);
      expect(await othersSee('bob@acme.test')).toMatchObject(meeting);
      expect(await othersSee('carol@acme.test')).toMatchObject(meeting);
      expect(await othersSee('dave@acme.test')).toMatchObject({
        status: 'away',
        source: 'integration',
        activity: 'Out of office',
        until: end,
      });
      expect(await othersSee('frank@acme.test')).toMatchObject({ status: 'available', activity: null });

      // The meeting is removed from the calendar: the next poll deletes the claim.
      served.set('/alice.ics', ics());
      await bridge.poll();
      expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available', activity: null });
    } finally {
      await bridge.stop();
      for (const name of ['alice', 'bob', 'carol', 'dave']) served.set(`/${name}.ics`, ics());
      await bridge.poll();
    }
  });

  it('ends the claim when the event ends, and the layer below shows (a socket watcher sees both)', async () => {
    const erin = await beacon.connect('erin@acme.test');
    const watcher = (await beacon.connect('henry@acme.test')).socket;
    await request(erin.socket, 'presence:set', { status: 'away', message: 'Back soon' });
    const presence = new EventLog(watcher, 'presence');
    await request(watcher, 'presence:subscribe', { userIds: [erin.user.id] });

    const end = second(Date.now() + 2_000);
    served.set('/erin.ics', ics([`DTSTART:${utc(Date.now() - MINUTE)}`, `DTEND:${utc(end)}`]));
    const bridge = bridgeFor([{ email: 'erin@acme.test', url: `${feedsUrl}/erin.ics` }]);
    await bridge.start();
    try {
      await presence.waitFor(
        (p) => p.userId === erin.user.id && p.status === 'busy' && p.activity === 'In a meeting',
      );
      const after = await presence.waitFor((p) => p.userId === erin.user.id && p.status === 'away');
      expect(after).toMatchObject({ source: 'manual', message: 'Back soon', activity: null });
      expect(Date.now()).toBeGreaterThanOrEqual(end);
      expect(await othersSee('erin@acme.test')).toMatchObject({ status: 'away', source: 'manual' });
    } finally {
      await bridge.stop();
    }
  });

  it('wakes up at the next start between polls, so a meeting shows when it begins', async () => {
    const start = second(Date.now() + 1_500);
    const end = start + 10 * MINUTE;
    served.set('/grace.ics', ics([`DTSTART:${utc(start)}`, `DTEND:${utc(end)}`]));
    const bridge = bridgeFor([{ email: 'grace@acme.test', url: `${feedsUrl}/grace.ics` }]);
    await bridge.start();
    try {
      expect(await othersSee('grace@acme.test')).toMatchObject({ activity: null });
      await expect
        .poll(() => othersSee('grace@acme.test'), { timeout: 5_000, interval: 100 })
        .toMatchObject({ status: 'busy', activity: 'In a meeting', until: end });
      expect(Date.now()).toBeGreaterThanOrEqual(start);
    } finally {
      await bridge.stop();
      served.set('/grace.ics', ics());
      await bridge.poll();
    }
  });

  it('logs a failing feed and retries it at the next poll, without touching other users', async () => {
    const end = second(Date.now() + 10 * MINUTE);
    served.set('/broken.ics', 500);
    served.set('/alice.ics', ics([`DTSTART:${utc(Date.now() - MINUTE)}`, `DTEND:${utc(end)}`]));
    const bridge = bridgeFor(
      [
        { email: 'bob@acme.test', url: `${feedsUrl}/broken.ics` },
        { email: 'alice@acme.test', url: `${feedsUrl}/alice.ics` },
        { email: 'carol@acme.test', url: 'http://127.0.0.1:1/refused.ics' },
      ],
      300,
    );
    await bridge.start();
    try {
      expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'busy', activity: 'In a meeting' });
      expect(await othersSee('bob@acme.test')).toMatchObject({ activity: null });
      const failures = logLines.filter((line) => String(line.msg).startsWith('calendar feed failed'));
      expect(failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ email: 'bob@acme.test', reason: expect.stringContaining('500') }),
          expect.objectContaining({ email: 'carol@acme.test' }),
        ]),
      );
      served.set('/broken.ics', ics([`DTSTART:${utc(Date.now() - MINUTE)}`, `DTEND:${utc(end)}`]));
      await expect
        .poll(() => othersSee('bob@acme.test'), { timeout: 5_000, interval: 100 })
        .toMatchObject({ status: 'busy', activity: 'In a meeting', until: end });
      expect(JSON.stringify(logLines)).not.toContain(calendarToken);
    } finally {
      await bridge.stop();
      served.set('/alice.ics', ics());
      served.set('/broken.ics', ics());
      await bridge.poll();
    }
  });
});

describe('npm run integration:calendar', () => {
  const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
  /** The bridge's CLI as the root script runs it (tsx), in a child process. */
  function runBridge(args: string[], env: NodeJS.ProcessEnv = {}) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/src/bridges/calendar/cli.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      child.once('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('--once sets the claims from a file: feed and exits 0; the token never reaches the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-calendar-cli-'));
    try {
      const end = second(Date.now() + 10 * MINUTE);
      writeFileSync(join(dir, 'dave.ics'), ics([`DTSTART:${utc(Date.now() - MINUTE)}`, `DTEND:${utc(end)}`]));
      writeFileSync(
        join(dir, 'mapping.json'),
        JSON.stringify([{ email: 'dave@acme.test', url: 'file:dave.ics' }]),
      );
      const run = await runBridge(['--server', beacon.url, '--feeds', join(dir, 'mapping.json'), '--once'], {
        BEACON_TOKEN: calendarToken,
      });
      expect(run).toMatchObject({ code: 0 });
      expect(run.stderr).toContain('calendar claim set');
      expect(run.stderr).not.toContain(calendarToken);
      expect(await othersSee('dave@acme.test')).toMatchObject({
        status: 'busy',
        activity: 'In a meeting',
        until: end,
      });

      writeFileSync(join(dir, 'dave.ics'), ics());
      expect(
        await runBridge([
          '--server',
          beacon.url,
          '--token',
          calendarToken,
          '--feeds',
          join(dir, 'mapping.json'),
          '--once',
        ]),
      ).toMatchObject({ code: 0 });
      expect(await othersSee('dave@acme.test')).toMatchObject({ status: 'available', activity: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the reason and the usage on bad arguments or a bad feeds file', async () => {
    const missing = await runBridge(['--server', beacon.url, '--feeds', 'x.json'], { BEACON_TOKEN: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--token is required');
    expect(missing.stderr).toContain('Usage: npm run integration:calendar');
    const noFile = await runBridge([
      '--server',
      beacon.url,
      '--token',
      't',
      '--feeds',
      '/nonexistent/feeds.json',
    ]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('cannot read the feeds file /nonexistent/feeds.json');
  });
});
