import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { leftoverCheckSupported, markedPids, newMarker, runStep } from './leftover-processes.mjs';

const node = process.execPath;

/** A fake step: starts a detached grandchild running `script`, waits until it says "ready", exits. */
function stepLeaving(script: string) {
  const parent = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, ['-e', ${JSON.stringify(script)}], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.once('data', () => process.exit(0));
  `;
  return { name: 'fake step', command: node, args: ['-e', parent], stdio: 'ignore' as const };
}

const connectResult = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

describe.skipIf(!leftoverCheckSupported)('the leftover-process check of scripts/test.mjs', () => {
  it('fails a step that leaves a detached listening server behind, names it, and kills it', async () => {
    // A nested marker name: the outer `npm test` run's own marker stays in the environment.
    const marker = newMarker('BEACON_LEAK_SELFTEST');
    const lines: string[] = [];
    const result = await runStep(
      stepLeaving(
        "require('net').createServer().listen(0, '127.0.0.1', function () { console.log('ready'); })",
      ),
      { marker, log: (line) => lines.push(line), graceMs: 300 },
    );
    console.info(lines.map((line) => `(self-test, expected) ${line}`).join('\n'));

    expect(result.exitedOk).toBe(true);
    expect(result.leaked).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.leftovers).toHaveLength(1);
    const [leftover] = result.leftovers;
    expect(leftover?.command).toContain('createServer');
    expect(leftover?.listening).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    expect(lines[0]).toMatch(
      /^left behind by "fake step": pid \d+, listening on 127\.0\.0\.1:\d+: .*node -e/,
    );
    expect(lines.at(-1)).toMatch(/"fake step" left a listening process behind: the step counts as failed/);

    // Killed: nothing accepts on its port any more and no marked process is alive.
    const port = Number(leftover?.listening[0]?.split(':').at(-1));
    expect(await connectResult(port)).toBe('ECONNREFUSED');
    expect(markedPids(marker)).toEqual([]);
  }, 15_000);

  it('reports and kills a leftover that does not listen, without failing the step', async () => {
    const marker = newMarker('BEACON_LEAK_SELFTEST');
    const lines: string[] = [];
    const result = await runStep(stepLeaving("console.log('ready'); setTimeout(() => {}, 60000)"), {
      marker,
      log: (line) => lines.push(line),
      graceMs: 300,
    });
    expect(result.ok).toBe(true);
    expect(result.leftovers).toEqual([
      { pid: expect.any(Number), command: expect.stringContaining('setTimeout'), listening: [] },
    ]);
    expect(lines).toEqual([expect.stringMatching(/^left behind by "fake step": pid \d+, not listening: /)]);
    expect(markedPids(marker)).toEqual([]);
  }, 15_000);

  it('passes a clean step and keeps a failing exit status', async () => {
    const marker = newMarker('BEACON_LEAK_SELFTEST');
    const clean = await runStep({ name: 'clean', command: node, args: ['-e', '0'] }, { marker });
    expect(clean).toMatchObject({ ok: true, leaked: false, leftovers: [] });
    const failing = await runStep(
      { name: 'failing', command: node, args: ['-e', 'process.exit(3)'] },
      { marker },
    );
    expect(failing).toMatchObject({ ok: false, exitedOk: false, leaked: false, status: 3 });
  });
});
