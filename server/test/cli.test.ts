import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startChildServer } from './helpers/child-server';

const dataDir = mkdtempSync(join(tmpdir(), 'beacon-cli-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('server CLI', () => {
  it('refuses a fresh data dir without a domain (exit 1), unknown flags and bad values (exit 2)', async () => {
    // Independent processes: run them side by side.
    const noDomain = runCli(['--port', '0', '--data-dir', dataDir]);
    const unknown = runCli(['--prot', '80']);
    const badPort = runCli(['--port', 'eighty']);
    const badPrecision = runCli(['--presence-idle-precision', 'fuzzy']);
    const [noDomainExit, unknownExit, badPortExit, badPrecisionExit] = await Promise.all([
      noDomain.exited,
      unknown.exited,
      badPort.exited,
      badPrecision.exited,
    ]);
    expect(noDomainExit).toEqual({ code: 1, signal: null });
    expect(noDomain.output().stderr).toMatch(/--domain/);
    expect(noDomain.output().stdout).toBe('');
    expect(unknownExit.code).toBe(2);
    expect(unknown.output().stderr).toMatch(/Usage/);
    expect(badPortExit.code).toBe(2);
    expect(badPort.output().stderr).toMatch(/--port/);
    expect(badPrecisionExit.code).toBe(2);
    expect(badPrecision.output().stderr).toMatch(
      /--presence-idle-precision must be one of exact, coarse, none/,
    );
  });

  it('prints one listening line, keeps the domain, and shuts down gracefully on SIGTERM', async () => {
    const first = await startChildServer(['--port', '0', '--data-dir', dataDir, '--domain', 'Example.COM']);
    expect(first.output().stdout).toMatch(/^Beacon server listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    // The domain was persisted: no flag needed now; another domain is refused.
    const again = await startChildServer(['--port', '0', '--data-dir', dataDir]);
    again.child.kill('SIGINT');
    expect(await again.exited).toEqual({ code: 0, signal: null });
    const other = runCli(['--port', '0', '--data-dir', dataDir, '--domain', 'other.test']);
    expect((await other.exited).code).toBe(1);
    expect(other.output().stderr).toMatch(/example\.com/);
  });
});
