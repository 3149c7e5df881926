import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCalendarArgs, UsageError } from './cli-options';
import { FeedsConfigError, loadFeedsConfig, parseFeedsConfig } from './feeds-config';

const dir = mkdtempSync(join(tmpdir(), 'beacon-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calendar bridge: the feeds file', () => {
  it('reads e-mails and URLs; a relative file: path is beside the mapping file', async () => {
    const path = join(dir, 'mapping.json');
    writeFileSync(
      path,
      JSON.stringify([
        { email: 'Alice@acme.test', url: 'https://calendar.example.com/alice.ics' },
        { email: 'bob@acme.test', url: 'file:feeds/bob.ics', publicSummaries: true },
      ]),
    );
    expect(await loadFeedsConfig(path)).toEqual([
      { email: 'alice@acme.test', url: new URL('https://calendar.example.com/alice.ics') },
      { email: 'bob@acme.test', url: pathToFileURL(join(dir, 'feeds/bob.ics')), publicSummaries: true },
    ]);
  });

  it('says which entry is wrong and why', async () => {
    const wrong: Array<[unknown, RegExp]> = [
      [{ email: 'a@acme.test' }, /expected array/i],
      [[{ email: 'not-an-address', url: 'https://x/a.ics' }], /\[0\]\.email/],
      [[{ email: 'a@acme.test' }], /\[0\]\.url/],
      [[{ email: 'a@acme.test', url: 'https://x/a.ics', colour: 'red' }], /colour/],
      [[{ email: 'a@acme.test', url: 'ftp://x/a.ics' }], /ftp: feeds are not supported/],
      [[{ email: 'a@acme.test', url: 'calendar' }], /"calendar" is not a URL/],
      [
        [
          { email: 'a@acme.test', url: 'https://x/a.ics' },
          { email: 'A@acme.test', url: 'https://x/b.ics' },
        ],
        /\[1\]: a@acme.test is listed twice/,
      ],
    ];
    for (const [json, message] of wrong) {
      expect(() => parseFeedsConfig(json, dir)).toThrow(message);
    }
    writeFileSync(join(dir, 'broken.json'), '[{');
    await expect(loadFeedsConfig(join(dir, 'broken.json'))).rejects.toThrow(FeedsConfigError);
    await expect(loadFeedsConfig(join(dir, 'missing.json'))).rejects.toThrow(/cannot read the feeds file/);
  });
});

describe('calendar bridge: command line', () => {
  const required = ['--server', 'http://127.0.0.1:8080', '--token', 't', '--feeds', 'mapping.json'];

  it('has defaults, takes the token and server from the environment, resolves --feeds against INIT_CWD', () => {
    expect(parseCalendarArgs(required, { INIT_CWD: '/home/ops' })).toEqual({
      server: 'http://127.0.0.1:8080',
      token: 't',
      feedsPath: '/home/ops/mapping.json',
      pollIntervalMs: 60_000,
      claimId: 'calendar',
      publicSummaries: false,
      once: false,
      logLevel: 'info',
    });
    expect(
      parseCalendarArgs(['--feeds', '/etc/beacon/feeds.json', '--interval', '2.5', '--public-summaries'], {
        BEACON_URL: 'https://beacon.example.com',
        BEACON_TOKEN: 'from-env',
      }),
    ).toMatchObject({
      server: 'https://beacon.example.com',
      token: 'from-env',
      pollIntervalMs: 2_500,
      publicSummaries: true,
    });
  });

  it('refuses a missing or bad option with a usage error', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--token', 't', '--feeds', 'f'], /--server is required/],
      [['--server', 'beacon:8080', '--token', 't', '--feeds', 'f'], /not an http\(s\) URL/],
      [['--server', 'http://x', '--feeds', 'f'], /--token is required/],
      [['--server', 'http://x', '--token', 't'], /--feeds is required/],
      [[...required, '--interval', '0'], /--interval/],
      [[...required, '--interval', 'soon'], /--interval/],
      [[...required, '--log-level', 'loud'], /--log-level/],
      [[...required, '--colour'], /colour/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseCalendarArgs(argv, {})).toThrow(UsageError);
      expect(() => parseCalendarArgs(argv, {})).toThrow(message);
    }
    expect(parseCalendarArgs(['--help'], {})).toBe('help');
  });
});
