import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { underDisplay } from './display.mjs';

const bin = mkdtempSync(join(tmpdir(), 'beacon-display-'));
writeFileSync(join(bin, 'xvfb-run'), '#!/bin/sh\nexit 0\n');
chmodSync(join(bin, 'xvfb-run'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const step = { name: 'electron', command: 'npm', args: ['run', 'test:electron'] };

describe('underDisplay (the _electron step of scripts/test.mjs)', () => {
  it('runs the step through xvfb-run -a on Linux without DISPLAY', () => {
    expect(underDisplay(step, { env: { PATH: bin }, platform: 'linux' })).toEqual({
      ...step,
      command: 'xvfb-run',
      args: ['-a', '--server-args=-screen 0 1280x1024x24', 'npm', 'run', 'test:electron'],
    });
  });

  it('leaves the step alone with a display, off Linux, or without xvfb-run (and says why)', () => {
    expect(underDisplay(step, { env: { PATH: bin, DISPLAY: ':0' }, platform: 'linux' })).toBe(step);
    expect(underDisplay(step, { env: { PATH: bin }, platform: 'darwin' })).toBe(step);
    const lines: string[] = [];
    expect(underDisplay(step, { env: { PATH: '' }, platform: 'linux', log: (l) => lines.push(l) })).toBe(
      step,
    );
    expect(lines).toEqual([expect.stringContaining('no xvfb-run')]);
  });
});
